package io.ballast.planner.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.planner.rebalance.RebalanceMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchOutputTest {
    @Test
    void lowerBoundIsBelowWhatGreedyAndThePlanNeed() {
        BenchCli.Cluster cluster = BenchCli.generate(8, 200, 5);
        BenchCli.Options options = new BenchCli.Options(0, 30, null, 200, 5);
        BenchCli.Outcome greedy = BenchCli.greedy(cluster, RebalanceMethod.BRUTEFORCE, options);
        BenchCli.Outcome plan = BenchCli.plan(cluster, null, options);
        double[] bound = BenchCli.lowerBound(cluster, 0.30);
        assertThat(plan.after()).isLessThanOrEqualTo(0.30);
        assertThat(bound[0]).isPositive().isLessThanOrEqualTo(Math.min(greedy.migrations(), plan.migrations()));
        assertThat(bound[1]).isPositive().isLessThanOrEqualTo(Math.min(greedy.movedMem(), plan.movedMem()));
        // least disruption: the plan needs no more migrations nor memory than greedy at margin 0 here
        assertThat(plan.migrations()).isLessThanOrEqualTo(greedy.migrations());
        assertThat(plan.movedMem()).isLessThanOrEqualTo(greedy.movedMem());
    }

    @Test
    void svgPlotsOneLinePerStrategyAndTheLegendNamesThem(@TempDir Path dir) throws Exception {
        Path svg = dir.resolve("plot.svg");
        assertThat(BenchCli.run(new String[] {"rebalance", "--nodes", "8", "--guests", "120", "--seed", "5",
                "--only", "greedy-margin0,plan", "--steps", "50", "--svg", svg.toString()})).isZero();
        String text = Files.readString(svg);
        assertThat(text).startsWith("<svg").contains("greedy-margin0", "plan", "threshold 0.30");
        assertThat(text.split("<polyline", -1)).hasSize(1 + 3); // greedy-margin0, plan (cold), plan
    }

    @Test
    void unknownStrategyOrBadTargetIsRefused() {
        assertThat(BenchCli.run(new String[] {"rebalance", "--target", "150"})).isEqualTo(2);
        assertThat(BenchCli.run(new String[] {"rebalance", "--only", "greedy,plan"})).isEqualTo(2);
    }
}
