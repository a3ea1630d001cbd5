package io.ballast.planner.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UsageModelsTest {
    private static final long GIB = 1024L * 1024 * 1024;
    private static final ResourceStats SMALL = new ResourceStats(1, 4 * GIB, 0.5, 2 * GIB);

    /** Spec §3.7 worked example: 3 nodes × 24 cores / 32 GiB, four 1-core/4 GiB guests. */
    private static UsageModel workedExample() {
        UsageModel model = UsageModels.create(SchedulerMode.STATIC, List.of(
                new NodeStats("node1", 24, 32 * GIB, 0, 0), new NodeStats("node2", 24, 32 * GIB, 0, 0),
                new NodeStats("node3", 24, 32 * GIB, 0, 0)));
        for (String sid : List.of("vm:101", "vm:102", "vm:103", "vm:104")) {
            model.addResource(sid, "node1", null, true, SMALL);
        }
        return model;
    }

    @Test
    void staticImbalanceMatchesWorkedExample() {
        UsageModel model = workedExample();
        assertThat(model.imbalance()).isCloseTo(1.0, within(1e-12));

        model.removeResource("vm:101");
        model.addResource("vm:101", "node2", null, true, SMALL);
        assertThat(model.imbalance()).isCloseTo(0.6614, within(1e-4));
        // Raw CV is what the Proxmox 5.2 regression logs print: "from 1.41 to 0.94".
        assertThat(Imbalance.coefficientOfVariation(model.nodeUsage())).isCloseTo(0.9354, within(1e-4));
    }

    @Test
    void movingResourceLoadsBothNodes() {
        UsageModel model = workedExample();
        model.addResource("vm:101", "node1", "node2", true, SMALL);
        List<NodeUsage> usage = model.nodeUsage();
        assertThat(usage.get(0).cpu()).isEqualTo(4);
        assertThat(usage.get(1).cpu()).isEqualTo(1);
        assertThat(usage.get(1).mem()).isEqualTo(4.0 * GIB);
    }

    @Test
    void unlimitedCpuCountsAsFullNodeCpu() {
        UsageModel model = UsageModels.create(SchedulerMode.STATIC, List.of(
                new NodeStats("a", 8, 16 * GIB, 0, 0), new NodeStats("b", 16, 16 * GIB, 0, 0)));
        model.addResource("vm:1", "b", null, true, new ResourceStats(0, GIB, 0, 0));
        assertThat(model.nodeUsage().get(1).cpu()).isEqualTo(16);
    }

    @Test
    void staticModeStartsFromTheSizeOfGuestsThatAreNotHaResources() {
        UsageModel model = UsageModels.create(SchedulerMode.STATIC, List.of(
                new NodeStats("a", 8, 16 * GIB, 0, 0, 0, 0), new NodeStats("b", 8, 16 * GIB, 5, 9 * GIB, 3, 8 * GIB)));
        model.addResource("vm:1", "b", null, true, SMALL);
        NodeUsage b = model.nodeUsage().get(1);
        // measured figures (5 cores, 9 GiB) are for dynamic mode; static adds the configured 3 cores / 8 GiB
        assertThat(b.cpu()).isEqualTo(3 + SMALL.maxCpu());
        assertThat(b.mem()).isEqualTo(8.0 * GIB + SMALL.maxMem());
        // so a new resource scores better on the empty node
        Map<String, Double> scores = model.scoreNodesToStart("vm:2", SMALL, List.of("a", "b"));
        assertThat(scores.get("a")).isLessThan(scores.get("b"));
    }

    @Test
    void topsisScoresEmptyNodeBestAndExcludesTheResourceItself() {
        UsageModel model = UsageModels.create(SchedulerMode.STATIC, List.of(
                new NodeStats("a", 8, 16 * GIB, 0, 0), new NodeStats("b", 8, 16 * GIB, 0, 0)));
        model.addResource("vm:1", "a", null, true, SMALL);
        // With two alternatives one dominates: closeness 1 and 0, scores −1 and 0.
        Map<String, Double> other = model.scoreNodesToStart("vm:2", SMALL, List.of("a", "b"));
        assertThat(other).containsExactly(Map.entry("a", -0.0), Map.entry("b", -1.0));
        // [FIX] re-placing vm:1 itself: it must not count on "a", so both nodes are equal.
        Map<String, Double> self = model.scoreNodesToStart("vm:1", SMALL, List.of("a", "b"));
        assertThat(self.get("a")).isEqualTo(self.get("b"));
    }

    @Test
    void topsisClosenessHandComputed() {
        // Column norms: c1 = sqrt(1+4)=√5 etc.; row 0 is best in every column → closeness 1, row 1 → 0.
        double[] c = Topsis.closeness(List.of(new double[] {1, 1, 1, 1}, new double[] {2, 2, 2, 2}));
        assertThat(c).containsExactly(1.0, 0.0);
        // Three rows, only the heavy memory criterion differs: middle row is halfway.
        double[] three = Topsis.closeness(List.of(new double[] {1, 1, 1, 1}, new double[] {1, 1, 1, 2},
                new double[] {1, 1, 1, 3}));
        assertThat(three[0]).isEqualTo(1.0);
        assertThat(three[1]).isCloseTo(0.5, within(1e-12));
        assertThat(three[2]).isEqualTo(0.0);
        assertThat(Topsis.best(new double[] {0.5, 0.7, 0.7})).isEqualTo(1);
    }

    @Test
    void basicScoresCountResources() {
        UsageModel model = UsageModels.create(SchedulerMode.BASIC,
                List.of(NodeStats.basic("n1"), NodeStats.basic("n2")));
        model.addResource("vm:1", "n1", null, true, ResourceStats.NONE);
        model.addResource("vm:2", "n1", "n2", true, ResourceStats.NONE);
        model.addResource("vm:3", "offline", null, true, ResourceStats.NONE);
        assertThat(model.scoreNodesToStart("vm:9", ResourceStats.NONE, List.of("n1", "n2")))
                .containsExactly(Map.entry("n1", 2.0), Map.entry("n2", 1.0));
        assertThat(model.imbalance()).isZero();
    }

    @Test
    void dynamicUsesMeasuredBasePlusStartingResources() {
        UsageModel model = UsageModels.create(SchedulerMode.DYNAMIC, List.of(
                new NodeStats("n1", 0, 0, 12, 64 * GIB), new NodeStats("n2", 0, 0, 0, 0)));
        model.addResource("vm:1", "n1", null, true, SMALL);
        // Defaults 24 cores / 128 GiB: n1 load (0.5 + 0.5)/2, n2 empty → all load on one of two nodes.
        assertThat(model.imbalance()).isCloseTo(1.0, within(1e-12));
        assertThat(model.nodeUsage().get(0).maxCpu()).isEqualTo(24);
        // A starting (not running) resource on n2 adds its configured size only to the scoring basis.
        model.addResource("vm:2", "n2", null, false, new ResourceStats(24, 128 * GIB, 0, 0));
        Map<String, Double> scores = model.scoreNodesToStart("vm:3", SMALL, List.of("n1", "n2"));
        assertThat(scores.get("n1")).isLessThan(scores.get("n2"));
        assertThat(model.imbalance()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void staticWithoutCapacityIsRejectedWithNodeName() {
        assertThatThrownBy(() -> UsageModels.create(SchedulerMode.STATIC, List.of(NodeStats.basic("n7"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("n7");
    }

    @Test
    void truncationIgnoresFloatNoise() {
        // Differ only in the 17th significant digit → equal after truncation; 15th digit still counts.
        assertThat(Imbalance.truncate(0.12345678901234561)).isEqualTo(Imbalance.truncate(0.12345678901234569));
        assertThat(Imbalance.truncate(0.123456789012345)).isLessThan(Imbalance.truncate(0.123456789012346));
    }
}
