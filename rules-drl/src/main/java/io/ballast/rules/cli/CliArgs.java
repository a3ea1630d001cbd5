package io.ballast.rules.cli;

import java.io.PrintStream;
import java.util.List;

/**
 * The command line of one {@code ballast} subcommand, read option by option, and the one way every subcommand
 * reports a bad command line: {@code ballast <command>: <plain message>}, then its usage line and where the help
 * is, exit code 2. Messages name the option and what it needs ("--nodes must be a whole number, got abc"), never
 * a Java exception's text. In the lowest module so the rules, planner and app commands all share it.
 */
public final class CliArgs {

    /** Exit code of a refused command line. */
    public static final int USAGE = 2;

    /** A bad command line; the message is shown to the user as it is. */
    public static final class UsageException extends IllegalArgumentException {
        public UsageException(String message) {
            super(message);
        }
    }

    private final String[] args;
    private int next;

    public CliArgs(String[] args) {
        this.args = args.clone();
    }

    /** True when any argument asks for help: the command prints its help and starts nothing. */
    public static boolean wantsHelp(String[] args) {
        return List.of(args).contains("--help") || List.of(args).contains("-h");
    }

    public boolean hasNext() {
        return next < args.length;
    }

    /** The next argument (an option or a positional one). */
    public String next() {
        return args[next++];
    }

    /** The value after {@code option}, which was just read. */
    public String value(String option) {
        if (next >= args.length) {
            throw new UsageException(option + " needs a value");
        }
        return args[next++];
    }

    /** The whole number after {@code option}, at least {@code min}. */
    public int intValue(String option, int min) {
        long v = longValue(option, min);
        if (v > Integer.MAX_VALUE) {
            throw new UsageException(option + " must be at most " + Integer.MAX_VALUE + ", got " + v);
        }
        return (int) v;
    }

    /** The whole number after {@code option}, at least {@code min}. */
    public long longValue(String option, long min) {
        String raw = value(option);
        long v;
        try {
            v = Long.parseLong(raw.strip());
        } catch (NumberFormatException e) {
            throw new UsageException(option + " must be a whole number, got " + shown(raw));
        }
        if (v < min) {
            throw new UsageException(option + " must be at least " + min + ", got " + v);
        }
        return v;
    }

    /** The number after {@code option} (a decimal point is fine), within [min, max]. */
    public double numberValue(String option, double min, double max) {
        String raw = value(option);
        double v;
        try {
            v = Double.parseDouble(raw.strip());
        } catch (NumberFormatException e) {
            throw new UsageException(option + " must be a number, got " + shown(raw));
        }
        if (!(v >= min && v <= max)) {
            throw new UsageException(option + " must be between " + plain(min) + " and " + plain(max) + ", got "
                    + plain(v));
        }
        return v;
    }

    /** An option this command does not know, or a stray argument. */
    public static UsageException unknown(String arg) {
        return new UsageException(arg.startsWith("-") ? "unknown option '" + shown(arg) + "'"
                : "unexpected argument '" + shown(arg) + "'");
    }

    /**
     * Prints the refusal in the one style and returns {@link #USAGE}: {@code ballast <command>: <message>}, the
     * usage line, and the help hint.
     */
    public static int fail(PrintStream err, String command, String message, String usage) {
        err.println("ballast " + command + ": " + message);
        if (usage != null) {
            err.println(usage);
        }
        err.println("('ballast " + command + " --help' describes the options)");
        return USAGE;
    }

    /** A failure that is not about the command line (a file, a connection): the same prefix, no usage. */
    public static void error(PrintStream err, String command, String message) {
        err.println("ballast " + command + ": " + message);
    }

    /** At most 40 characters of a user's value, so a pasted blob is not echoed whole. */
    static String shown(String raw) {
        return raw.length() <= 40 ? raw : raw.substring(0, 40) + "...";
    }

    private static String plain(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
