package io.ballast;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/**
 * Every subcommand through the launcher's own dispatch, as a user types it: {@code --help} exits 0 with the options
 * described and starts nothing; a bad command line exits 2 in the one style ({@code ballast <command>: <plain
 * message>}, the usage line, where the help is), never with a Java exception's text.
 */
@ResourceLock(Resources.SYSTEM_OUT)
@ResourceLock(Resources.SYSTEM_ERR)
class CommandLineTest {

    record Run(int exit, String out, String err) {
    }

    /** BallastMain's dispatch with System.out/err captured (the subcommands print there). */
    private static Run run(String... args) throws Exception {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = BallastMain.dispatch(args, System.err);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void helpOfEverySubcommandExitsZeroDescribesItsOptionsAndStartsNothing() throws Exception {
        List<List<String>> helps = List.of(
                List.of("simulate", "--help"), List.of("conformance", "-h"), List.of("headroom", "--help"), List.of("rules", "--help"),
                List.of("rules", "check", "--help"), List.of("rules", "bench", "--help"), List.of("import", "--help"),
                List.of("token", "--help"), List.of("token", "create", "-h"), List.of("fake-pve", "--help"),
                List.of("bench", "--help"), List.of("bench", "round", "--help"), List.of("bench", "rebalance", "--help"),
                List.of("bench", "failover", "-h"), List.of("sql", "--help"),
                // a help flag wins over anything else on the line: nothing runs, even with a bad value
                List.of("bench", "round", "--nodes", "abc", "--help"), List.of("fake-pve", "--port", "1", "-h"));
        for (List<String> args : helps) {
            Run r = run(args.toArray(String[]::new));
            String sub = args.get(0);
            assertThat(r.exit()).as("%s: %s", args, r.err()).isZero();
            assertThat(r.out()).as(args.toString()).startsWith("usage: ballast " + sub)
                    .containsPattern("\\n  +--?[a-z]");                       // options, each described on its line
            assertThat(r.err()).as("%s starts nothing and reports no progress", args).isEmpty();
        }
    }

    @Test
    void badCommandLinesExitTwoInOneStyleWithPlainMessages() throws Exception {
        Object[][] cases = {
            {new String[] {"bench", "round", "--nodes", "abc"}, "ballast bench round: --nodes must be a whole number, got abc"},
            {new String[] {"bench", "rebalance", "--nodes", "abc"}, "ballast bench rebalance: --nodes must be a whole number, got abc"},
            {new String[] {"bench", "rebalance", "--margin", "x1"}, "ballast bench rebalance: --margin must be a number, got x1"},
            {new String[] {"bench", "failover", "--threshold", "150"}, "ballast bench failover: --threshold must be between 0 and 100, got 150"},
            {new String[] {"bench", "sideways"}, "ballast bench: unknown bench 'sideways' (round, rebalance or failover)"},
            {new String[] {"bench", "round", "--verbose"}, "ballast bench round: unknown option '--verbose'"},
            {new String[] {"rules", "bench", "--nodes", "1"}, "ballast rules bench: --nodes must be at least 2, got 1"},
            {new String[] {"rules", "check"}, "ballast rules check: missing <rules.cfg>"},
            {new String[] {"simulate"}, "ballast simulate: missing <case-dir>"},
            {new String[] {"headroom"}, "ballast headroom: missing <case-dir>"},
            {new String[] {"headroom", "--table", "dir"}, "ballast headroom: unknown option '--table'"},
            {new String[] {"simulate", "--fast", "dir"}, "ballast simulate: unknown option '--fast'"},
            {new String[] {"conformance", "--only"}, "ballast conformance: --only needs a value"},
            {new String[] {"import"}, "ballast import: give at least one of --resources, --rules, --datacenter"},
            {new String[] {"import", "--rules", "/nonexistent/rules.cfg"}, "ballast import: /nonexistent/rules.cfg: no such file"},
            {new String[] {"import", "--force"}, "ballast import: unknown option '--force'"},
            {new String[] {"token", "create", "--name"}, "ballast token: --name needs a value"},
            {new String[] {"token"}, "ballast token: give create, list or revoke"},
            {new String[] {"fake-pve", "--nodes", "zero"}, "ballast fake-pve: --nodes must be a whole number, got zero"},
            {new String[] {"sql"}, "ballast sql: give the SQL statement, in quotes"},
            {new String[] {"sql", "--read-write", "select 1"}, "ballast sql: unknown option '--read-write'"},
        };
        for (Object[] c : cases) {
            String[] args = (String[]) c[0];
            Run r = run(args);
            assertThat(r.exit()).as("%s: %s", List.of(args), r.err()).isEqualTo(2);
            List<String> lines = r.err().lines().toList();
            assertThat(lines).as(List.of(args).toString()).hasSize(3);
            assertThat(lines.get(0)).isEqualTo(c[1]);
            assertThat(lines.get(1)).startsWith("usage: ballast " + args[0]);
            assertThat(lines.get(2)).contains("--help");
            assertThat(r.err()).doesNotContain("Exception", "For input string", "at io.ballast");
            assertThat(r.out()).isEmpty();
        }
    }

    @Test
    void anUnknownCommandExitsTwoAndPointsToTheHelp() throws Exception {
        Run r = run("frobnicate");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("ballast: unknown command 'frobnicate'\n").contains("ballast --help");
    }
}
