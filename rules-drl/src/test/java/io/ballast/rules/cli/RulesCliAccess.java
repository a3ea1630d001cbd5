package io.ballast.rules.cli;

/** Test access to package-private helpers of {@link RulesCli}. */
public final class RulesCliAccess {
    private RulesCliAccess() {
    }

    public static String sha1(byte[] raw) {
        return RulesCli.sha1(raw);
    }
}
