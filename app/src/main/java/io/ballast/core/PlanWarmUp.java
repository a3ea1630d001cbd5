package io.ballast.core;

import io.ballast.planner.PlanRequest;
import io.ballast.planner.Planner;
import io.ballast.planner.rebalance.AutoRebalancePolicy;
import java.util.List;
import java.util.Map;

/**
 * A tiny failover plan and a tiny rebalancing plan with the settings the core uses, so the first real plan
 * after a start finds the classes loaded and the solver factories built (the first solve in a JVM costs
 * seconds, later ones milliseconds: docs/performance.md).
 */
public final class PlanWarmUp {
    private static final long GIB = 1024L * 1024 * 1024;

    private PlanWarmUp() {
    }

    /** Runs both plans (the caller times them: the core reads no clock). */
    public static void run() {
        Map<String, Integer> both = Map.of("warm-a", 0, "warm-b", 0);
        List<PlanRequest.Node> nodes = List.of(new PlanRequest.Node("warm-a", 8, 16 * GIB),
                new PlanRequest.Node("warm-b", 8, 16 * GIB));
        List<PlanRequest.Unit> failover = List.of(
                new PlanRequest.Unit("warm:1", List.of("warm:1"), 1, GIB, "warm-a", both, null, false),
                new PlanRequest.Unit("warm:2", List.of("warm:2"), 1, GIB, null, both, null, false));
        new Planner().plan(new PlanRequest(failover, nodes, List.of(), BatchRecovery.SETTINGS));
        List<PlanRequest.Unit> skewed = List.of(
                new PlanRequest.Unit("warm:1", List.of("warm:1"), 1, GIB, "warm-a", both, null, false),
                new PlanRequest.Unit("warm:2", List.of("warm:2"), 1, GIB, "warm-a", both, null, false));
        new Planner().plan(new PlanRequest(skewed, nodes, List.of(),
                Rebalancer.planSettings(AutoRebalancePolicy.DEFAULTS))).explanation();
    }
}
