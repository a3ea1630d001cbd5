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
                .contains("imbalance", "node not allowed");
    }

    @Test
    void rebalancesSkewedClusterInCappedWavesAndIsDeterministic() {
        List<PlanRequest.Unit> units = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            units.add(unit("vm:" + (100 + i), 4, "n1"));
        }
        PlanRequest.Settings settings = new PlanRequest.Settings(true, 1, 2, null, 7, 2_000, 200,
                AutoRebalancePolicy.fromPercent(30, 0, 10), false);
        PlanRequest request = new PlanRequest(units, nodes(), List.of(), settings);
        PlanResult result = new Planner().plan(request);
        assertThat(result.imbalanceBefore()).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-12));
        // 3/2/2/1 units (0.204) is the fewest migrations under the 30 % threshold; 4/2/1/1 would be 0.35
        assertThat(result.imbalanceAfter()).isCloseTo(0.2041, org.assertj.core.api.Assertions.within(1e-4));
        for (List<Move> wave : result.waves()) {
            assertThat(wave.size()).isLessThanOrEqualTo(2);
            Map<String, Integer> perNode = new HashMap<>();
            wave.forEach(m -> {
                perNode.merge(m.from(), 1, Integer::sum);
                perNode.merge(m.to(), 1, Integer::sum);
            });
            assertThat(perNode.values()).allSatisfy(c -> assertThat(c).isEqualTo(1));
        }
        assertThat(result.migrations()).isEqualTo(5);
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
        PlanRequest.Settings settings = new PlanRequest.Settings(true, 1, 4, null, 0, 1_000, 100,
                AutoRebalancePolicy.fromPercent(0, 0, 50), false);
        PlanResult result = new Planner().plan(new PlanRequest(units, nodes(), List.of(), settings));
        assertThat(result.waves()).isEmpty();
        assertThat(result.note()).contains("below margin");
    }

    @Test
    void failoverWithFixedStationaryUnitsPlansOnlyTheBatchAndKeepsSeparatePartnersApart() {
        List<PlanRequest.Unit> units = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            units.add(unit("vm:" + (100 + i), 8, "n" + (1 + i % 3)));
        }
        units.add(unit("vm:200", 8, null));
        units.add(unit("vm:201", 8, null));
        // vm:200 must not join vm:100 (on n1) nor vm:104 (on n2); n4 is empty and wins anyway by balance.
        List<PlanRequest.SeparatePair> separate = List.of(new PlanRequest.SeparatePair("vm:200", "vm:100"),
                new PlanRequest.SeparatePair("vm:201", "vm:200"));
        PlanRequest.Settings settings = new PlanRequest.Settings(true, 1, 4, null, 0, 50, 20, null, true);
        PlanResult result = new Planner().plan(new PlanRequest(units, nodes(), separate, settings));
        assertThat(result.feasible()).isTrue();
        Map<String, String> to = new HashMap<>();
        result.placements().forEach(p -> to.put(p.unit(), p.to()));
        for (int i = 0; i < 6; i++) {
            assertThat(to.get("vm:" + (100 + i))).isEqualTo("n" + (1 + i % 3)); // fixed: never moved
        }
        assertThat(to.get("vm:200")).isNotEqualTo("n1").isNotEqualTo(to.get("vm:201"));
        assertThat(result.migrations()).isZero();
        assertThat(result.waves()).singleElement().satisfies(w -> assertThat(w).hasSize(2));
        // Explanations are computed on demand and name the separated node for vm:200.
        assertThat(result.explanation().units()).extracting(PlanResult.UnitExplanation::unit)
                .containsExactly("vm:200", "vm:201");
    }

    @Test
    void sameInputAndSeedGiveTheSamePlanWithRulesAndGroups() {
        List<PlanRequest.Unit> units = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            units.add(unit("vm:" + (100 + i), 1 + i % 8, i < 20 ? "n1" : "n" + (2 + i % 3)));
        }
        units.add(new PlanRequest.Unit("vm:300", List.of("vm:300", "vm:301"), 4, 12 * GIB, "n1", all(), null, false));
        List<PlanRequest.SeparatePair> separate = List.of(new PlanRequest.SeparatePair("vm:100", "vm:101"));
        PlanRequest.Settings settings = new PlanRequest.Settings(false, 2, 4, null, 42, 300, 100,
                AutoRebalancePolicy.fromPercent(30, 0, 10), false);
        PlanRequest request = new PlanRequest(units, nodes(), separate, settings);
        PlanResult first = new Planner().plan(request);
        PlanResult second = new Planner().plan(request);
        assertThat(first.migrations()).isPositive();
        assertThat(second.placements()).isEqualTo(first.placements());
        assertThat(second.waves()).isEqualTo(first.waves());
        assertThat(second.score()).isEqualTo(first.score());
        assertThat(first.waves().stream().flatMap(List::stream).filter(m -> m.unit().equals("vm:300")))
                .allSatisfy(m -> assertThat(m.members()).containsExactly("vm:300", "vm:301"));
    }

    @Test
    void planIsScaleFree() {
        // Doubling every size and capacity leaves the decisions alone.
        List<PlanRequest.Unit> small = new ArrayList<>();
        List<PlanRequest.Unit> big = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String node = i < 10 ? "n1" : "n2";
            small.add(new PlanRequest.Unit("vm:" + (100 + i), List.of("vm:" + (100 + i)), 1 + i % 3,
                    (1 + i % 4) * GIB, node, all(), null, false));
            big.add(new PlanRequest.Unit("vm:" + (100 + i), List.of("vm:" + (100 + i)), 2 * (1 + i % 3),
                    2 * (1 + i % 4) * GIB, node, all(), null, false));
        }
        List<PlanRequest.Node> bigNodes = NODES.stream().map(n -> new PlanRequest.Node(n, 32, 128 * GIB)).toList();
        PlanRequest.Settings settings = new PlanRequest.Settings(false, 2, 4, null, 0, 200, 50, null, false);
        PlanResult a = new Planner().plan(new PlanRequest(small, nodes(), List.of(), settings));
        PlanResult b = new Planner().plan(new PlanRequest(big, bigNodes, List.of(), settings));
        assertThat(a.migrations()).isPositive();
        assertThat(b.migrations()).isEqualTo(a.migrations());
    }

    @Test
    void stopsAtTheTargetWithFewerMigrationsThanFullBalance() {
        List<PlanRequest.Unit> units = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            units.add(new PlanRequest.Unit("vm:" + (100 + i), List.of("vm:" + (100 + i)), 1 + i % 4,
                    (1 + i % 3) * GIB, "n1", all(), null, false));
        }
        PlanRequest.Settings full = new PlanRequest.Settings(false, 2, 4, 0.0, 0, 300, 100, null, false);
        PlanRequest.Settings target = new PlanRequest.Settings(false, 2, 4, null, 0, 300, 100,
                AutoRebalancePolicy.fromPercent(30, 0, 10), false);
        PlanResult balanced = new Planner().plan(new PlanRequest(units, nodes(), List.of(), full));
        PlanResult enough = new Planner().plan(new PlanRequest(units, nodes(), List.of(), target));
        assertThat(enough.imbalanceAfter()).isLessThanOrEqualTo(0.30);
        assertThat(enough.migrations()).isPositive().isLessThan(balanced.migrations());
        assertThat(balanced.imbalanceAfter()).isLessThan(enough.imbalanceAfter());
    }

    @Test
    void scoreIsIncrementallyCorrectUnderFullAssert() {
        List<PlanRequest.Unit> units = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            units.add(unit("vm:" + (100 + i), 1 + i % 6, i < 14 ? "n1" : "n" + (2 + i % 3)));
        }
        units.add(unit("vm:200", 4, null));
        List<PlanRequest.SeparatePair> separate = List.of(new PlanRequest.SeparatePair("vm:100", "vm:101"));
        for (boolean failover : new boolean[] {false, true}) {
            PlanRequest.Settings settings = new PlanRequest.Settings(true, 2, 4, null, 3, 60, 30,
                    failover ? null : AutoRebalancePolicy.fromPercent(20, 0, 0), failover);
            // FULL_ASSERT throws when an incremental score differs from a full recalculation
            PlanResult result = new Planner(ai.timefold.solver.core.config.solver.EnvironmentMode.FULL_ASSERT)
                    .plan(new PlanRequest(units, nodes(), separate, settings));
            assertThat(result.feasible()).isTrue();
        }
    }

    @Test
    void aimsLowEnoughForThePolicysMarginWhenJustAboveTheThreshold() {
        // 3 units on n1, 2 on n2, 2 on n3, 1 on n4: imbalance 0.204, above a 15 % threshold; reaching only
        // 0.15 would improve by less than the 40 % margin and be refused, so the plan aims at 0.204 × 0.6
        List<PlanRequest.Unit> units = new ArrayList<>();
        String[] at = {"n1", "n1", "n1", "n2", "n2", "n3", "n3", "n4"};
        for (int i = 0; i < at.length; i++) {
            units.add(unit("vm:" + (100 + i), 4, at[i]));
        }
        PlanRequest.Settings settings = new PlanRequest.Settings(true, 2, 4, null, 0, 200, 50,
                AutoRebalancePolicy.fromPercent(15, 0, 40), false);
        PlanResult result = new Planner().plan(new PlanRequest(units, nodes(), List.of(), settings));
        assertThat(result.imbalanceBefore()).isCloseTo(0.2041, org.assertj.core.api.Assertions.within(1e-4));
        assertThat(result.note()).isNull();
        assertThat(result.imbalanceAfter()).isLessThanOrEqualTo(0.2041 * 0.6);
        assertThat(result.migrations()).isEqualTo(1); // 2/2/2/2
    }
}
