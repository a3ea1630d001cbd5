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
    void balanceCountsOnlyTheIncreaseOverFixedLoad() {
        // Base 1 core/1 GiB on a: 100*(1/8 + 1/16) = 19 alone; with one more unit 75 → the planned unit adds 56.
        PlanNode based = new PlanNode("a", 8_000, 16_384, true, 1_000, 1_024, Set.of("vm:9"));
        verifier.verifyThat(PlanConstraints::balance)
                .given(new PlanUnit("vm:1", 1_000, 1_024, "a", BOTH, null, Set.of(), based))
                .penalizesBy(75 - 19);
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
    void migration() {
        PlanWeights weights = new PlanWeights(100);
        verifier.verifyThat(PlanConstraints::migration)
                .given(weights, unit("vm:1", 4096, "a", BOTH, null, Set.of(), B)).penalizesBy(104);
        verifier.verifyThat(PlanConstraints::migration)
                .given(weights, unit("vm:1", 4096, "a", BOTH, null, Set.of(), A)).penalizesBy(0);
        // A recovery (no current node) is not a migration.
        verifier.verifyThat(PlanConstraints::migration)
                .given(weights, unit("vm:1", 4096, null, BOTH, null, Set.of(), B)).penalizesBy(0);
    }

    @Test
    void balancePrefersEvenUtilisation() {
        // Two 1-core/1 GiB units: both on a → 100*(2²/8 + 2²/16) = 75; split → 2 × (12.5 + 6.25) ≈ 2 × 19.
        verifier.verifyThat(PlanConstraints::balance)
                .given(new PlanUnit("vm:1", 1_000, 1_024, "a", BOTH, null, Set.of(), A),
                        new PlanUnit("vm:2", 1_000, 1_024, "a", BOTH, null, Set.of(), A))
                .penalizesBy(75);
        verifier.verifyThat(PlanConstraints::balance)
                .given(new PlanUnit("vm:1", 1_000, 1_024, "a", BOTH, null, Set.of(), A),
                        new PlanUnit("vm:2", 1_000, 1_024, "a", BOTH, null, Set.of(), B))
                .penalizesBy(38);
    }
}
