package io.ballast.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.planner.usage.NodeStats;
import io.ballast.planner.usage.ResourceStats;
import io.ballast.rules.config.Affinity;
import io.ballast.rules.config.NodeAffinityRule;
import io.ballast.rules.config.ResourceAffinityRule;
import io.ballast.rules.config.RuleSet;
import io.ballast.rules.pve.CrsConfig;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Method plan: the resources of a fenced node are placed by one solve, within every hard rule. */
class BatchRecoveryTest {
    private static final long GIB = 1024L * 1024 * 1024;

    private static Cluster failingNode4(String method) {
        Cluster c = new Cluster("node1", "node2", "node3", "node4");
        c.nodeStats.put("node1", new NodeStats("node1", 32, 128 * GIB, 0, 0));
        c.nodeStats.put("node2", new NodeStats("node2", 16, 64 * GIB, 0, 0));
        c.nodeStats.put("node3", new NodeStats("node3", 16, 64 * GIB, 0, 0));
        c.nodeStats.put("node4", new NodeStats("node4", 32, 128 * GIB, 0, 0));
        for (int i = 101; i <= 108; i++) {
            c.service("vm:" + i, "node4", "started");
            c.serviceStats.put("vm:" + i, new ResourceStats(i % 2 == 0 ? 4 : 2, (i % 3 + 1) * 8 * GIB, 0, 0));
        }
        c.service("vm:201", "node1", "started");
        c.serviceStats.put("vm:201", new ResourceStats(8, 32 * GIB, 0, 0));
        c.rules = new RuleSet(
                List.of(new NodeAffinityRule("pin-108", List.of("vm:108"), new TreeMap<>(Map.of("node2", 0)), true,
                        false, null, 1)),
                List.of(new ResourceAffinityRule("apart", List.of("vm:101", "vm:103"), Affinity.NEGATIVE, false, null,
                        2)));
        c.crs = new CrsConfig("static", false, false, 30, method, 3, 10);
        c.round(20);
        for (String sid : c.services.keySet()) {
            c.lrmAnswers(sid, LrmStatus.SUCCESS);
        }
        c.round(40);
        c.online.remove("node4");
        c.round(60);
        c.round(120);
        c.freeLocks.add("node4");
        c.round(140);
        return c;
    }

    @Test
    void fencedNodesResourcesArePlacedByOneSolveWithinTheRules() {
        Cluster c = failingNode4("plan");

        for (int i = 101; i <= 108; i++) {
            assertThat(c.service("vm:" + i).node()).as("vm:" + i).isIn("node1", "node2", "node3");
            assertThat(c.service("vm:" + i).state()).isEqualTo(ServiceState.STARTED);
        }
        assertThat(c.service("vm:108").node()).as("strict node affinity").isEqualTo("node2");
        assertThat(c.service("vm:101").node()).as("keep-separate").isNotEqualTo(c.service("vm:103").node());
        assertThat(c.last.decisions()).filteredOn(d -> d.trigger().equals("fence-acknowledged"))
                .hasSizeGreaterThanOrEqualTo(5).anySatisfy(d -> assertThat(d.explanation()).contains("batch plan for"));
    }

    @Test
    void otherMethodsKeepTheSequentialPlacement() {
        Cluster c = failingNode4("bruteforce");

        assertThat(c.service("vm:108").node()).isEqualTo("node2");
        assertThat(c.last.decisions()).filteredOn(d -> d.trigger().equals("fence-acknowledged"))
                .hasSizeGreaterThanOrEqualTo(5).noneSatisfy(d -> assertThat(d.explanation()).contains("batch plan"));
    }

    @Test
    void maintenanceEvacuationIsPlannedAsOneBatch() {
        Cluster c = new Cluster("node1", "node2", "node3");
        for (String n : List.of("node1", "node2", "node3")) {
            c.nodeStats.put(n, new NodeStats(n, 16, 64 * GIB, 0, 0));
        }
        for (int i = 101; i <= 106; i++) {
            c.service("vm:" + i, "node3", "started");
            c.serviceStats.put("vm:" + i, new ResourceStats(2, 4 * GIB, 0, 0));
        }
        c.crs = new CrsConfig("static", false, false, 30, "plan", 3, 10);
        c.round(20);
        for (String sid : c.services.keySet()) {
            c.lrmAnswers(sid, LrmStatus.SUCCESS);
        }
        c.round(40);
        c.lrmMode("node3", LrmMode.MAINTENANCE);
        c.round(60);

        assertThat(c.last.decisions()).filteredOn(d -> d.trigger().equals("maintenance"))
                .hasSize(6).allSatisfy(d -> assertThat(d.explanation())
                        .contains("batch plan for 6 resources leaving maintenance nodes"));
        Map<String, Integer> perTarget = new TreeMap<>();
        for (int i = 101; i <= 106; i++) {
            ServiceStatus s = c.service("vm:" + i);
            assertThat(s.state()).isEqualTo(ServiceState.MIGRATE);
            perTarget.merge(s.target(), 1, Integer::sum);
        }
        assertThat(perTarget).containsOnlyKeys("node1", "node2");
        assertThat(perTarget.values()).containsOnly(3);
    }
}
