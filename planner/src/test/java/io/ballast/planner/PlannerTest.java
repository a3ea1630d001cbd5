package io.ballast.planner;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.planner.PlanResult.Move;
import io.ballast.planner.rebalance.AutoRebalancePolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PlannerTest {
    private static final long GIB = 1024L * 1024 * 1024;
    private static final List<String> NODES = List.of("n1", "n2", "n3", "n4");

    private static List<PlanRequest.Node> nodes() {
        return NODES.stream().map(n -> new PlanRequest.Node(n, 16, 64 * GIB)).toList();
    }

    private static Map<String, Integer> all() {
        Map<String, Integer> allowed = new TreeMap<>();
        NODES.forEach(n -> allowed.put(n, 0));
        return allowed;
    }

    private static PlanRequest.Unit unit(String id, long memGib, String node) {
        return new PlanRequest.Unit(id, List.of(id), 2, memGib * GIB, node, all(), null, false);
    }

    @Test
    void failoverPlacesEveryUnitOfTheFailedNodeWithinCapacity() {
        List<PlanRequest.Unit> units = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            units.add(unit("vm:" + (100 + i), 8, i < 4 ? "n" + (1 + i % 3) : i % 2 == 0 ? "dead" : null));
        }
        PlanResult result = new Planner().plan(new PlanRequest(units, nodes(), List.of(), PlanRequest.Settings.defaults()));
        assertThat(result.feasible()).isTrue();
        assertThat(result.placements()).allSatisfy(p -> assertThat(NODES).contains(p.to()));
        Map<String, Long> mem = new HashMap<>();
        result.placements().forEach(p -> mem.merge(p.to(), 8L, Long::sum));
        assertThat(mem.values()).allSatisfy(gib -> assertThat(gib).isLessThanOrEqualTo(64));
        // The 8 recoveries are starts, not migrations; they come in the first wave.
        assertThat(result.waves().get(0)).hasSize(8).allSatisfy(m -> assertThat(m.from()).isNull());
        assertThat(result.explanation().constraints()).extracting(PlanResult.ConstraintImpact::constraint)
                .contains("balance", "node not allowed");
    }

    @Test
    void rebalancesSkewedClusterInCappedWavesAndIsDeterministic() {
        List<PlanRequest.Unit> units = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            units.add(unit("vm:" + (100 + i), 4, "n1"));
        }
        PlanRequest.Settings settings = new PlanRequest.Settings(true, 1, 2, 0.05, 7, 2_000, 200,
                AutoRebalancePolicy.fromPercent(30, 0, 10), false);
        PlanRequest request = new PlanRequest(units, nodes(), List.of(), settings);
        PlanResult result = new Planner().plan(request);
        assertThat(result.imbalanceBefore()).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(result.imbalanceAfter()).isLessThan(0.2);
        for (List<Move> wave : result.waves()) {
            assertThat(wave.size()).isLessThanOrEqualTo(2);
            Map<String, Integer> perNode = new HashMap<>();
            wave.forEach(m -> {
                perNode.merge(m.from(), 1, Integer::sum);
                perNode.merge(m.to(), 1, Integer::sum);
            });
            assertThat(perNode.values()).allSatisfy(c -> assertThat(c).isEqualTo(1));
        }
        assertThat(result.migrations()).isEqualTo(6);
        assertThat(new Planner().plan(request).placements()).isEqualTo(result.placements());
    }

    @Test
    void respectsAllowedNodesKeepSeparateAndExplainsRejections() {
        PlanRequest.Unit pinned = new PlanRequest.Unit("vm:1", List.of("vm:1"), 1, GIB, "n1",
                Map.of("n1", 0, "n2", 0), null, false);
        PlanRequest.Unit other = new PlanRequest.Unit("vm:2", List.of("vm:2"), 1, GIB, "n1",
                Map.of("n1", 0, "n2", 0), null, false);
        PlanResult result = new Planner().plan(new PlanRequest(List.of(pinned, other), nodes(),
                List.of(new PlanRequest.SeparatePair("vm:1", "vm:2")), PlanRequest.Settings.defaults()));
        assertThat(result.feasible()).isTrue();
        assertThat(result.placements().get(0).to()).isNotEqualTo(result.placements().get(1).to());
        PlanResult.UnitExplanation first = result.explanation().units().get(0);
        assertThat(first.rejected()).filteredOn(r -> r.node().equals("n3"))
                .singleElement().extracting(PlanResult.Rejection::reason).isEqualTo("node not allowed");
        assertThat(first.rejected()).extracting(PlanResult.Rejection::reason).contains("keep separate");
    }

    @Test
    void noPlanWhenMarginIsNotMet() {
        List<PlanRequest.Unit> units = List.of(unit("vm:1", 4, "n1"), unit("vm:2", 4, "n2"), unit("vm:3", 4, "n3"),
                unit("vm:4", 4, "n4"), unit("vm:5", 1, "n1"));
        PlanRequest.Settings settings = new PlanRequest.Settings(true, 1, 4, 0.5, 0, 1_000, 100,
                AutoRebalancePolicy.fromPercent(0, 0, 50), false);
        PlanResult result = new Planner().plan(new PlanRequest(units, nodes(), List.of(), settings));
        assertThat(result.waves()).isEmpty();
        assertThat(result.note()).contains("below margin");
    }
}
