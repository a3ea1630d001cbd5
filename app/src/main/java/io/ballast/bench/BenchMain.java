package io.ballast.bench;

import io.ballast.planner.bench.BenchCli;
import java.util.Arrays;

/** {@code ballast bench ...}: {@code round} times whole manager rounds; the planner's benches do the rest. */
public final class BenchMain {

    private BenchMain() {
    }

    public static int run(String[] args) {
        if (args.length > 0 && args[0].equals("round")) {
            return RoundBench.run(Arrays.copyOfRange(args, 1, args.length));
        }
        return BenchCli.run(args);
    }
}
