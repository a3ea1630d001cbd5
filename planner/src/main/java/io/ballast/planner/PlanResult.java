package io.ballast.planner;

import java.util.List;
import java.util.function.Supplier;

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
 * @param explainer        computes the explanation on first use (score analysis is the costly part of a
 *                         failover, so it only runs when someone asks); see {@link #explanation()}
 * @param note             why the plan is empty (margin not met, …) or null
 */
public record PlanResult(List<Placement> placements, List<List<Move>> waves, boolean feasible, String score,
                         double imbalanceBefore, double imbalanceAfter, long movedMemBytes,
                         Supplier<Explanation> explainer, String note) {

    public PlanResult {
        placements = List.copyOf(placements);
        waves = List.copyOf(waves);
        explainer = memoize(explainer);
    }

    /** Per-constraint impacts and per-unit rejected nodes, computed once on the first call. */
    public Explanation explanation() {
        return explainer.get();
    }

    private static <T> Supplier<T> memoize(Supplier<T> supplier) {
        if (supplier instanceof Memo<T>) {
            return supplier;
        }
        return new Memo<>(supplier);
    }

    private static final class Memo<T> implements Supplier<T> {
        private final Supplier<T> delegate;
        private T value;

        Memo(Supplier<T> delegate) {
            this.delegate = delegate;
        }

        @Override
        public synchronized T get() {
            if (value == null) {
                value = delegate.get();
            }
            return value;
        }
    }

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
