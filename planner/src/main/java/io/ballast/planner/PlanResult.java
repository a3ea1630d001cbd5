package io.ballast.planner;

import java.util.List;

/**
 * Outcome of one solve.
 *
 * @param placements       final node per unit (unit id order)
 * @param waves            migrations grouped into waves; every wave may run concurrently, waves in order
 * @param feasible         whether every hard constraint holds in the final state
 * @param score            final score as text (hard/medium/soft)
 * @param imbalanceBefore  imbalance of the current state (units without a node left out)
 * @param imbalanceAfter   imbalance after the plan
 * @param movedMemBytes    memory moved by migrations (recoveries not counted)
 * @param explanation      per-constraint impacts and per-unit rejected nodes
 * @param note             why the plan is empty (margin not met, …) or null
 */
public record PlanResult(List<Placement> placements, List<List<Move>> waves, boolean feasible, String score,
                         double imbalanceBefore, double imbalanceAfter, long movedMemBytes,
                         Explanation explanation, String note) {

    public record Placement(String unit, String from, String to) {
    }

    /** One migration ({@code from} null = recovery placement of a unit whose node failed). */
    public record Move(String unit, List<String> members, String from, String to) {
    }

    public int migrations() {
        return (int) waves.stream().flatMap(List::stream).filter(m -> m.from() != null).count();
    }

    /**
     * @param constraints impact of each constraint on the final score
     * @param units       per unit: the chosen node and why each other node lost
     */
    public record Explanation(List<ConstraintImpact> constraints, List<UnitExplanation> units) {
    }

    public record ConstraintImpact(String constraint, String score, int matches) {
    }

    public record UnitExplanation(String unit, String chosen, List<Rejection> rejected) {
    }

    /** {@code reason}: the hard constraint that excludes the node, or "score" with the lost score. */
    public record Rejection(String node, String reason) {
    }
}
