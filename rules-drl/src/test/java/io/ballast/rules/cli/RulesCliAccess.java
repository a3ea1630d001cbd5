package io.ballast.rules.cli;

/** Test access to package-private helpers of {@link RulesCli}. */
public final class RulesCliAccess {
    private RulesCliAccess() {
    }

    /** Runs {@code rules check <file>} and returns what it printed (exit code must be 0). */
    public static String check(java.nio.file.Path file) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = RulesCli.run(new String[] {"check", file.toString()},
                new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
                new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        if (code != 0) {
            throw new AssertionError("rules check " + file + " exited " + code + ": " + err);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    public static String sha1(byte[] raw) {
        return RulesCli.sha1(raw);
    }
}
