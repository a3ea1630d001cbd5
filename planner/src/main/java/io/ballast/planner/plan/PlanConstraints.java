package io.ballast.planner.plan;

import static ai.timefold.solver.core.api.score.stream.ConstraintCollectors.countTri;
import static ai.timefold.solver.core.api.score.stream.ConstraintCollectors.sumLong;

import ai.timefold.solver.core.api.score.buildin.bendablelong.BendableLongScore;
import ai.timefold.solver.core.api.score.stream.Constraint;
import ai.timefold.solver.core.api.score.stream.ConstraintFactory;
import ai.timefold.solver.core.api.score.stream.ConstraintProvider;
import ai.timefold.solver.core.api.score.stream.Joiners;
import ai.timefold.solver.core.api.score.stream.quad.QuadConstraintStream;

/**
 * All plan constraints; one method per constraint, names as constants for analysis and tests.
 *
 * <p>The score is lexicographic (a {@link BendableLongScore}, most important level first):
 * <ol>
 *   <li>hard: the rules (allowed nodes, keep separate, memory capacity);</li>
 *   <li>soft 0, {@link #PREFERENCE}: a unit below its top priority class, or away from its maintenance node;</li>
 *   <li>soft 1, {@link #ABOVE_TARGET}: the imbalance above the target, in millionths (nothing below it);</li>
 *   <li>soft 2, {@link #DISRUPTION}: {@link #MIGRATION_POINTS} per migration (twice for a relocation, which
 *       stops and starts the guest) plus one point per MiB moved;</li>
 *   <li>soft 3, {@link #RESIDUAL}: the imbalance in millionths.</li>
 * </ol>
 * So a plan never trades a rule for balance, balances only down to the target, moves as little as it can
 * to get there, and only then uses what is left to balance further without a single extra migration.
 */
public class PlanConstraints implements ConstraintProvider {
    public static final String NOT_ALLOWED = "node not allowed";
    public static final String KEEP_SEPARATE = "keep separate";
    public static final String KEEP_SEPARATE_FIXED = "keep separate from a fixed unit";
    public static final String MEMORY_CAPACITY = "memory capacity";
    public static final String PRIORITY_CLASS = "lower priority class";
    public static final String MAINTENANCE_RETURN = "not back on maintenance node";
    public static final String IMBALANCE_ABOVE_TARGET = "imbalance above target";
    public static final String MIGRATION = "migration";
    public static final String IMBALANCE = "imbalance";

    public static final int HARD_LEVELS = 1;
    public static final int SOFT_LEVELS = 4;
    public static final int PREFERENCE = 0;
    public static final int ABOVE_TARGET = 1;
    public static final int DISRUPTION = 2;
    public static final int RESIDUAL = 3;
    /** Disruption of one live migration; a relocation counts twice. Each MiB moved adds one point. */
    public static final long MIGRATION_POINTS = 100_000;

    private static final BendableLongScore ONE_HARD = BendableLongScore.ofHard(HARD_LEVELS, SOFT_LEVELS, 0, 1);

    private static BendableLongScore soft(int level) {
        return BendableLongScore.ofSoft(HARD_LEVELS, SOFT_LEVELS, level, 1);
    }

    @Override
    public Constraint[] defineConstraints(ConstraintFactory f) {
        return new Constraint[] {notAllowed(f), keepSeparate(f), keepSeparateFromFixed(f), memoryCapacity(f),
                priorityClass(f), maintenanceReturn(f), imbalanceAboveTarget(f), migration(f), imbalance(f)};
    }

Constraint notAllowed(ConstraintFactory f) {
        return f.forEach(PlanUnit.class)
                .filter(u -> !u.isAllowedOn(u.getNode()))
                .penalizeLong(ONE_HARD)
                .justifyWith((u, s) -> new PlanJustification(u.getId(), "not allowed on " + u.getNode().name()))
                .asConstraint(NOT_ALLOWED);
    }

    Constraint keepSeparate(ConstraintFactory f) {
        // Start only from units that have partners: a plain unique-pair join is quadratic per node.
        // Partner sets are symmetric (Planner builds them so); id order counts each pair once.
        return f.forEach(PlanUnit.class)
                .filter(u -> !u.getSeparateFrom().isEmpty())
                .join(PlanUnit.class, Joiners.equal(PlanUnit::getNode),
                        Joiners.filtering((a, b) -> a.getId().compareTo(b.getId()) < 0
                                && a.getSeparateFrom().contains(b.getId())))
                .penalizeLong(ONE_HARD)
                .justifyWith((a, b, s) -> new PlanJustification(a.getId(),
                        "shares " + a.getNode().name() + " with " + b.getId()))
                .asConstraint(KEEP_SEPARATE);
    }

    /** A planned unit on a node that keeps one of its separated partners as a fixed (unplanned) unit. */
    Constraint keepSeparateFromFixed(ConstraintFactory f) {
        return f.forEach(PlanUnit.class)
                .filter(u -> u.fixedPartnersOnNode() > 0)
                .penalizeLong(ONE_HARD, PlanUnit::fixedPartnersOnNode)
                .justifyWith((u, s) -> new PlanJustification(u.getId(),
                        "shares " + u.getNode().name() + " with a fixed partner"))
                .asConstraint(KEEP_SEPARATE_FIXED);
    }

    /** Fixed units' memory ({@link PlanNode#baseMemMib()}) counts too. */
    Constraint memoryCapacity(ConstraintFactory f) {
        return f.forEach(PlanUnit.class)
                .filter(u -> u.getNode().memoryLimit())
                .groupBy(PlanUnit::getNode, sumLong(PlanUnit::getMemMib))
                .filter((n, mem) -> n.baseMemMib() + mem > n.memMib())
                .penalizeLong(ONE_HARD, (n, mem) -> n.baseMemMib() + mem - n.memMib())
                .justifyWith((n, mem, s) -> new PlanJustification(n.name(),
                        (n.baseMemMib() + mem) + " MiB demanded of " + n.memMib() + " MiB"))
                .asConstraint(MEMORY_CAPACITY);
    }

    Constraint priorityClass(ConstraintFactory f) {
        return f.forEach(PlanUnit.class)
                .filter(u -> u.priorityShortfall() > 0)
                .penalizeLong(soft(PREFERENCE), u -> 10L * u.priorityShortfall())
                .justifyWith((u, s) -> new PlanJustification(u.getId(),
                        u.getNode().name() + " is " + u.priorityShortfall() + " class(es) below the top"))
                .asConstraint(PRIORITY_CLASS);
    }

    Constraint maintenanceReturn(ConstraintFactory f) {
        return f.forEach(PlanUnit.class)
                .filter(PlanUnit::isAwayFromMaintenanceNode)
                .penalizeLong(soft(PREFERENCE))
                .justifyWith((u, s) -> new PlanJustification(u.getId(),
                        "not returned to " + u.getMaintenanceNode()))
                .asConstraint(MAINTENANCE_RETURN);
    }

    /** Disruption of each migrated unit: a fixed amount per move (twice for a relocation) plus its memory. */
    Constraint migration(ConstraintFactory f) {
        return f.forEach(PlanUnit.class)
                .filter(PlanUnit::isMigrated)
                .penalizeLong(soft(DISRUPTION), PlanConstraints::disruption)
                .justifyWith((u, s) -> new PlanJustification(u.getId(),
                        (u.isRelocate() ? "relocate " : "migrate ") + u.getCurrentNode() + " -> " + u.getNode().name()))
                .asConstraint(MIGRATION);
    }

    public static long disruption(PlanUnit u) {
        return (u.isRelocate() ? 2 : 1) * MIGRATION_POINTS + u.getMemMib();
    }

    /** Imbalance above the target (millionths): the level that decides before disruption. */
    Constraint imbalanceAboveTarget(ConstraintFactory f) {
        return loads(f)
                .filter((count, sum, squares, w) -> imbalancePpm(count, sum, squares) > w.targetPpm())
                .penalizeLong(soft(ABOVE_TARGET), (count, sum, squares, w) -> imbalancePpm(count, sum, squares) - w.targetPpm())
                .justifyWith((count, sum, squares, w, s) -> new PlanJustification("cluster", "imbalance "
                        + imbalancePpm(count, sum, squares) + " ppm above the target " + w.targetPpm() + " ppm"))
                .asConstraint(IMBALANCE_ABOVE_TARGET);
    }

    /** Residual imbalance (millionths): decides only between plans equal on every level above. */
    Constraint imbalance(ConstraintFactory f) {
        return loads(f)
                .filter((count, sum, squares, w) -> imbalancePpm(count, sum, squares) > 0)
                .penalizeLong(soft(RESIDUAL), (count, sum, squares, w) -> imbalancePpm(count, sum, squares))
                .justifyWith((count, sum, squares, w, s) -> new PlanJustification("cluster",
                        "imbalance " + imbalancePpm(count, sum, squares) + " ppm over " + count + " nodes"))
                .asConstraint(IMBALANCE);
    }

    /**
     * Node count, Σ load and Σ load² over every node (nodes without planned units included, with their fixed
     * load), load in millionths (spec §3.7: the mean of CPU and memory utilisation), joined with the weights.
     */
    private static QuadConstraintStream<Integer, Long, Long, PlanWeights> loads(ConstraintFactory f) {
        return f.forEach(PlanUnit.class)
                .groupBy(PlanUnit::getNode, sumLong(PlanUnit::getCpuMilli), sumLong(PlanUnit::getMemMib))
                .complement(PlanNode.class, n -> 0L, n -> 0L)
                .groupBy(countTri(), sumLong((n, cpu, mem) -> loadPpm(n, cpu, mem)),
                        sumLong((n, cpu, mem) -> loadPpm(n, cpu, mem) * loadPpm(n, cpu, mem)))
                .join(PlanWeights.class);
    }

    /** Load of a node in millionths with {@code cpuMilli}/{@code memMib} planned on top of its fixed load. */
    public static long loadPpm(PlanNode n, long cpuMilli, long memMib) {
        double cpu = (double) (n.baseCpuMilli() + cpuMilli) / n.cpuMilli();
        double mem = (double) (n.baseMemMib() + memMib) / n.memMib();
        return Math.round(500_000 * (cpu + mem));
    }

    /**
     * Spec §3.7 imbalance (coefficient of variation of node loads / √(N−1)) in millionths, rounded up, from
     * the node count, Σ load and Σ load² (loads in millionths).
     */
    public static long imbalancePpm(long count, long sum, long squares) {
        if (count < 2 || sum <= 0) {
            return 0;
        }
        double variance = Math.max(0, (double) count * squares - (double) sum * sum);
        return (long) Math.ceil(1_000_000 * Math.sqrt(variance) / sum / Math.sqrt(count - 1) - 1e-9);
    }
}
