package io.ballast.bench;

import io.ballast.rules.cli.CliArgs;
import io.ballast.planner.bench.BenchCli;
import java.io.PrintStream;
import java.util.Arrays;

/** {@code ballast bench ...}: {@code round} times whole manager rounds; the planner's benches do the rest. */
public final class BenchMain {

    static final String HELP = """
            usage: ballast bench round|rebalance|failover [options]

            Benchmarks that run without a service (figures on stdout, progress on stderr):
              round       whole manager rounds, phase by phase ('ballast bench round --help')
              rebalance   greedy strategies against the Timefold plan ('ballast bench rebalance --help')
              failover    the recovery plan of a failed node ('ballast bench failover --help')
              -h, --help  this help
            """;

    private BenchMain() {
    }

    public static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length > 0 && args[0].equals("round")) {
            return RoundBench.run(Arrays.copyOfRange(args, 1, args.length), out, err);
        }
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            if (args.length == 0) {
                return CliArgs.fail(err, "bench", "give round, rebalance or failover", "usage: ballast bench "
                        + "round|rebalance|failover [options]");
            }
            out.print(HELP);
            return 0;
        }
        return BenchCli.run(args, out, err);
    }
}
