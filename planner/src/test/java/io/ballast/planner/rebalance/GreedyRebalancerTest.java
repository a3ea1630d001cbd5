package io.ballast.planner.rebalance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ballast.planner.usage.NodeStats;
import io.ballast.planner.usage.ResourceStats;
import io.ballast.planner.usage.SchedulerMode;
import io.ballast.planner.usage.UsageModel;
import io.ballast.planner.usage.UsageModels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GreedyRebalancerTest {
    private static final long GIB = 1024L * 1024 * 1024;

    private static UsageModel cluster(Map<String, ResourceStats> onNode1) {
        UsageModel model = UsageModels.create(SchedulerMode.STATIC, List.of(
                new NodeStats("node1", 24, 32 * GIB, 0, 0), new NodeStats("node2", 24, 32 * GIB, 0, 0),
                new NodeStats("node3", 24, 32 * GIB, 0, 0)));
        onNode1.forEach((sid, stats) -> model.addResource(sid, "node1", null, true, stats));
        return model;
    }

    private static List<BundleCandidate> singles(Map<String, ResourceStats> onNode1) {
        List<BundleCandidate> candidates = new ArrayList<>();
        onNode1.forEach((sid, stats) -> candidates.add(new BundleCandidate(sid, List.of(sid), "node1",
                List.of("node3", "node2"), Map.of(sid, stats))));
        return candidates;
    }

    @Test
    void bruteforceTiesBreakByLeaderThenTarget() {
        ResourceStats small = new ResourceStats(1, 4 * GIB, 0, 0);
        Map<String, ResourceStats> guests = new java.util.TreeMap<>(Map.of("vm:104", small, "vm:103", small,
                "vm:102", small, "vm:101", small));
        RebalanceChoice choice = GreedyRebalancer.select(cluster(guests), singles(guests),
                RebalanceMethod.BRUTEFORCE).orElseThrow();
        assertThat(choice.leader()).isEqualTo("vm:101");
        assertThat(choice.target()).isEqualTo("node2");
        assertThat(choice.imbalanceBefore()).isCloseTo(1.0, within(1e-12));
        assertThat(choice.imbalanceAfter()).isCloseTo(0.6614, within(1e-4));
    }

    @Test
    void bruteforcePrefersTheMoveWithLowestImbalance() {
        Map<String, ResourceStats> guests = new java.util.TreeMap<>(Map.of(
                "vm:101", new ResourceStats(1, 2 * GIB, 0, 0), "vm:102", new ResourceStats(4, 8 * GIB, 0, 0),
                "vm:103", new ResourceStats(4, 8 * GIB, 0, 0)));
        RebalanceChoice choice = GreedyRebalancer.select(cluster(guests), singles(guests),
                RebalanceMethod.BRUTEFORCE).orElseThrow();
        assertThat(choice.leader()).isEqualTo("vm:102");
        assertThat(choice.imbalanceAfter()).isLessThan(choice.imbalanceBefore());
    }

    @Test
    void topsisPicksTheClusterWithLowestMemoryPeak() {
        Map<String, ResourceStats> guests = new java.util.TreeMap<>(Map.of(
                "vm:101", new ResourceStats(8, 1 * GIB, 0, 0), "vm:102", new ResourceStats(1, 12 * GIB, 0, 0),
                "vm:103", new ResourceStats(1, 1 * GIB, 0, 0)));
        RebalanceChoice choice = GreedyRebalancer.select(cluster(guests), singles(guests),
                RebalanceMethod.TOPSIS).orElseThrow();
        // Moving vm:101 gives the lower CPU peak (8/24 vs 9/24), moving vm:102 the lower memory peak
        // (12/32 vs 13/32); memory criteria weigh 15 of 18, so vm:102 wins. node2/node3 tie → node2.
        assertThat(choice.leader()).isEqualTo("vm:102");
        assertThat(choice.target()).isEqualTo("node2");
    }

    @Test
    void bundleMovesTheSumOfItsMembers() {
        ResourceStats small = new ResourceStats(1, 4 * GIB, 0, 0);
        Map<String, ResourceStats> guests = new java.util.TreeMap<>(Map.of("vm:101", small, "vm:102", small,
                "vm:103", small, "vm:104", small));
        BundleCandidate pair = new BundleCandidate("vm:101", List.of("vm:101", "vm:102"), "node1",
                List.of("node2"), Map.of("vm:101", small, "vm:102", small));
        RebalanceChoice choice = GreedyRebalancer.select(cluster(guests), List.of(pair),
                RebalanceMethod.BRUTEFORCE).orElseThrow();
        // Two of four guests move: node1 and node2 equal, node3 empty → CV √2/2, normalised 0.5.
        assertThat(choice.imbalanceAfter()).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void noCandidatesNoChoice() {
        assertThat(GreedyRebalancer.select(cluster(Map.of()), List.of(), RebalanceMethod.TOPSIS)).isEmpty();
    }

    @Test
    void policyHoldsAndChecksMargin() {
        AutoRebalancePolicy policy = AutoRebalancePolicy.fromPercent(30, 3, 10);
        AutoRebalancePolicy.Hold first = policy.hold(0.5, 0);
        assertThat(first).isEqualTo(new AutoRebalancePolicy.Hold(false, 1));
        AutoRebalancePolicy.Hold second = policy.hold(0.5, first.counter());
        AutoRebalancePolicy.Hold third = policy.hold(0.5, second.counter());
        assertThat(third).isEqualTo(new AutoRebalancePolicy.Hold(true, 0));
        assertThat(policy.hold(0.3, 2)).isEqualTo(new AutoRebalancePolicy.Hold(false, 0));
        assertThat(new AutoRebalancePolicy(0.3, 0, 0.1).hold(0.31, 0).proceed()).isTrue();
        assertThat(policy.accepts(1.0, 0.89)).isTrue();
        assertThat(policy.accepts(1.0, 0.91)).isFalse();
        assertThat(policy.accepts(0, 0)).isFalse();
    }
}
