package io.ballast.planner.plan;

import ai.timefold.solver.test.api.score.stream.ConstraintVerifier;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlanConstraintsTest {
    private static final PlanNode A = new PlanNode("a", 8_000, 16_384, true);
    private static final PlanNode B = new PlanNode("b", 8_000, 16_384, true);
    private static final Map<String, Integer> BOTH = Map.of("a", 1, "b", 1);

    private final ConstraintVerifier<PlanConstraints, PlanSolution> verifier =
            ConstraintVerifier.build(new PlanConstraints(), PlanSolution.class, PlanUnit.class);

    private static PlanUnit unit(String id, long memMib, String current, Map<String, Integer> allowed,
                                 String maintenance, Set<String> separate, PlanNode node) {
        return new PlanUnit(id, 1_000, memMib, current, allowed, maintenance, separate, node);
    }

    @Test
    void notAllowed() {
        PlanUnit bad = unit("vm:1", 1024, "a", Map.of("a", 1), null, Set.of(), B);
        verifier.verifyThat(PlanConstraints::notAllowed).given(bad).penalizesBy(1);
        verifier.verifyThat(PlanConstraints::notAllowed)
                .given(unit("vm:1", 1024, "a", Map.of("a", 1), null, Set.of(), A)).penalizesBy(0);
        verifier.verifyThat(PlanConstraints::notAllowed).given(bad)
                .justifiesWith(new PlanJustification("vm:1", "not allowed on b"));
    }

    @Test
    void keepSeparate() {
        PlanUnit one = unit("vm:1", 1024, "a", BOTH, null, Set.of("vm:2"), A);
        verifier.verifyThat(PlanConstraints::keepSeparate)
                .given(one, unit("vm:2", 1024, "a", BOTH, null, Set.of("vm:1"), A)).penalizesBy(1);
        verifier.verifyThat(PlanConstraints::keepSeparate)
                .given(one, unit("vm:2", 1024, "b", BOTH, null, Set.of("vm:1"), B)).penalizesBy(0);
    }

    @Test
    void keepSeparateFromFixed() {
        PlanNode withPartner = new PlanNode("a", 8_000, 16_384, true, 0, 0, Set.of("vm:2"));
        PlanNode free = new PlanNode("b", 8_000, 16_384, true, 0, 0, Set.of("vm:3"));
        verifier.verifyThat(PlanConstraints::keepSeparateFromFixed)
                .given(unit("vm:1", 1024, null, BOTH, null, Set.of("vm:2"), withPartner)).penalizesBy(1);
        verifier.verifyThat(PlanConstraints::keepSeparateFromFixed)
                .given(unit("vm:1", 1024, null, BOTH, null, Set.of("vm:2"), free)).penalizesBy(0);
    }

    @Test
    void memoryCapacityCountsFixedLoad() {
        PlanNode half = new PlanNode("a", 8_000, 16_384, true, 0, 8_192, Set.of());
        verifier.verifyThat(PlanConstraints::memoryCapacity)
                .given(unit("vm:1", 10_000, null, BOTH, null, Set.of(), half)).penalizesBy(8_192 + 10_000 - 16_384);
        verifier.verifyThat(PlanConstraints::memoryCapacity)
                .given(unit("vm:1", 8_000, null, BOTH, null, Set.of(), half)).penalizesBy(0);
    }

    @Test
    void imbalanceCountsFixedLoadAndNodesWithoutPlannedUnits() {
        // a: fixed 2 cores / 2 GiB = load (0.25 + 0.125) / 2 = 0.1875; b holds nothing: CV 1, / √1 → 1.0.
        PlanNode based = new PlanNode("a", 8_000, 16_384, true, 2_000, 2_048, Set.of("vm:9"));
        PlanWeights weights = new PlanWeights(300_000);
        verifier.verifyThat(PlanConstraints::imbalance)
                .given(based, B, weights).penalizesBy(1_000_000);
        // one planned unit of 1 core / 1 GiB on b: loads 0.1875 and 0.09375 → CV 1/3
        verifier.verifyThat(PlanConstraints::imbalance)
                .given(based, B, weights, new PlanUnit("vm:1", 1_000, 1_024, "b", BOTH, null, Set.of(), B))
                .penalizesBy(333_334);
    }

    @Test
    void memoryCapacity() {
        verifier.verifyThat(PlanConstraints::memoryCapacity)
                .given(unit("vm:1", 10_000, "a", BOTH, null, Set.of(), A),
                        unit("vm:2", 10_000, "a", BOTH, null, Set.of(), A))
                .penalizesBy(20_000 - 16_384);
        verifier.verifyThat(PlanConstraints::memoryCapacity)
                .given(unit("vm:1", 10_000, "a", BOTH, null, Set.of(), A),
                        unit("vm:2", 10_000, "a", BOTH, null, Set.of(), A))
                .justifiesWith(new PlanJustification("a", "20000 MiB demanded of 16384 MiB"));
        verifier.verifyThat(PlanConstraints::memoryCapacity)
                .given(unit("vm:1", 10_000, "a", BOTH, null, Set.of(), A),
                        unit("vm:2", 10_000, "b", BOTH, null, Set.of(), B))
                .penalizesBy(0);
    }

    @Test
    void priorityClass() {
        Map<String, Integer> prefersA = Map.of("a", 2, "b", 0);
        verifier.verifyThat(PlanConstraints::priorityClass)
                .given(unit("vm:1", 1024, "a", prefersA, null, Set.of(), B)).penalizesBy(20);
        verifier.verifyThat(PlanConstraints::priorityClass)
                .given(unit("vm:1", 1024, "a", prefersA, null, Set.of(), A)).penalizesBy(0);
    }

    @Test
    void maintenanceReturn() {
        verifier.verifyThat(PlanConstraints::maintenanceReturn)
                .given(unit("vm:1", 1024, "b", BOTH, "a", Set.of(), B)).penalizesBy(1);
        verifier.verifyThat(PlanConstraints::maintenanceReturn)
                .given(unit("vm:1", 1024, "b", BOTH, "a", Set.of(), A)).penalizesBy(0);
    }

    @Test
    void migrationCountsEachMoveThenItsMemoryAndRelocationsTwice() {
        verifier.verifyThat(PlanConstraints::migration)
                .given(unit("vm:1", 4096, "a", BOTH, null, Set.of(), B))
                .penalizesBy(PlanConstraints.MIGRATION_POINTS + 4096);
        verifier.verifyThat(PlanConstraints::migration)
                .given(new PlanUnit("ct:1", 1_000, 4096, "a", BOTH, null, Set.of(), true, B))
                .penalizesBy(2 * PlanConstraints.MIGRATION_POINTS + 4096);
        verifier.verifyThat(PlanConstraints::migration)
                .given(unit("vm:1", 4096, "a", BOTH, null, Set.of(), A)).penalizesBy(0);
        // A recovery (no current node) is not a migration.
        verifier.verifyThat(PlanConstraints::migration)
                .given(unit("vm:1", 4096, null, BOTH, null, Set.of(), B)).penalizesBy(0);
    }

    @Test
    void imbalanceAboveTargetCountsOnlyWhatExceedsTheTarget() {
        PlanWeights weights = new PlanWeights(300_000);
        PlanUnit one = new PlanUnit("vm:1", 1_000, 1_024, "a", BOTH, null, Set.of(), A);
        // both on a: imbalance 1.0, 0.7 above the target
        verifier.verifyThat(PlanConstraints::imbalanceAboveTarget)
                .given(A, B, weights, one, new PlanUnit("vm:2", 1_000, 1_024, "a", BOTH, null, Set.of(), A))
                .penalizesBy(700_000);
        verifier.verifyThat(PlanConstraints::imbalanceAboveTarget)
                .given(A, B, weights, one, new PlanUnit("vm:2", 1_000, 1_024, "a", BOTH, null, Set.of(), A))
                .justifiesWith(new PlanJustification("cluster", "imbalance 1000000 ppm above the target 300000 ppm"));
        // split: balanced, nothing to gain below the target
        verifier.verifyThat(PlanConstraints::imbalanceAboveTarget)
                .given(A, B, weights, one, new PlanUnit("vm:2", 1_000, 1_024, "a", BOTH, null, Set.of(), B))
                .penalizesBy(0);
    }
}
