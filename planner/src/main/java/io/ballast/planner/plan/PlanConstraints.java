package io.ballast.planner.plan;

import static ai.timefold.solver.core.api.score.stream.ConstraintCollectors.sumLong;

import ai.timefold.solver.core.api.score.buildin.hardmediumsoftlong.HardMediumSoftLongScore;
import ai.timefold.solver.core.api.score.stream.Constraint;
import ai.timefold.solver.core.api.score.stream.ConstraintFactory;
import ai.timefold.solver.core.api.score.stream.ConstraintProvider;
import ai.timefold.solver.core.api.score.stream.Joiners;

/** All plan constraints; one method per constraint, names as constants for analysis and tests. */
public class PlanConstraints implements ConstraintProvider {
    public static final String NOT_ALLOWED = "node not allowed";
    public static final String KEEP_SEPARATE = "keep separate";
    public static final String KEEP_SEPARATE_FIXED = "keep separate from a fixed unit";
    public static final String MEMORY_CAPACITY = "memory capacity";
    public static final String PRIORITY_CLASS = "lower priority class";
    public static final String MAINTENANCE_RETURN = "not back on maintenance node";
    public static final String MIGRATION = "migration";
    public static final String BALANCE = "balance";

    @Override
    public Constraint[] defineConstraints(ConstraintFactory f) {
        return new Constraint[] {notAllowed(f), keepSeparate(f), keepSeparateFromFixed(f), memoryCapacity(f), priorityClass(f),
                maintenanceReturn(f), migration(f), balance(f)};
    }

    Constraint notAllowed(ConstraintFactory f) {
        return f.forEach(PlanUnit.class)
                .filter(u -> !u.isAllowedOn(u.getNode()))
                .penalizeLong(HardMediumSoftLongScore.ONE_HARD)
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
                .penalizeLong(HardMediumSoftLongScore.ONE_HARD)
                .justifyWith((a, b, s) -> new PlanJustification(a.getId(),
                        "shares " + a.getNode().name() + " with " + b.getId()))
                .asConstraint(KEEP_SEPARATE);
    }

    /** A planned unit on a node that keeps one of its separated partners as a fixed (unplanned) unit. */
    Constraint keepSeparateFromFixed(ConstraintFactory f) {
        return f.forEach(PlanUnit.class)
                .filter(u -> u.fixedPartnersOnNode() > 0)
                .penalizeLong(HardMediumSoftLongScore.ONE_HARD, PlanUnit::fixedPartnersOnNode)
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
                .penalizeLong(HardMediumSoftLongScore.ONE_HARD, (n, mem) -> n.baseMemMib() + mem - n.memMib())
                .justifyWith((n, mem, s) -> new PlanJustification(n.name(),
                        (n.baseMemMib() + mem) + " MiB demanded of " + n.memMib() + " MiB"))
                .asConstraint(MEMORY_CAPACITY);
    }

    Constraint priorityClass(ConstraintFactory f) {
        return f.forEach(PlanUnit.class)
                .filter(u -> u.priorityShortfall() > 0)
                .penalizeLong(HardMediumSoftLongScore.ONE_MEDIUM, u -> 10L * u.priorityShortfall())
                .justifyWith((u, s) -> new PlanJustification(u.getId(),
                        u.getNode().name() + " is " + u.priorityShortfall() + " class(es) below the top"))
                .asConstraint(PRIORITY_CLASS);
    }

    Constraint maintenanceReturn(ConstraintFactory f) {
        return f.forEach(PlanUnit.class)
                .filter(PlanUnit::isAwayFromMaintenanceNode)
                .penalizeLong(HardMediumSoftLongScore.ONE_MEDIUM)
                .justifyWith((u, s) -> new PlanJustification(u.getId(),
                        "not returned to " + u.getMaintenanceNode()))
                .asConstraint(MAINTENANCE_RETURN);
    }

    /** Fixed cost per migration plus one per GiB moved, so fewer and smaller moves win ties. */
    Constraint migration(ConstraintFactory f) {
        return f.forEach(PlanUnit.class)
                .filter(PlanUnit::isMigrated)
                .join(PlanWeights.class)
                .penalizeLong(HardMediumSoftLongScore.ONE_SOFT, (u, w) -> w.migrationCost() + u.getMemMib() / 1024)
                .justifyWith((u, w, s) -> new PlanJustification(u.getId(),
                        u.getCurrentNode() + " -> " + u.getNode().name()))
                .asConstraint(MIGRATION);
    }

    /**
     * Σ used²/capacity per node and resource (cores, GiB). With the total fixed this is least when
     * every node has the same utilisation (squared percentages would favour big nodes, stack.md pitfall 10).
     * Fixed units' load is the node's base: the penalty is the increase over the base alone, so nodes
     * without planned units contribute nothing and differences between solutions stay exact.
     */
    Constraint balance(ConstraintFactory f) {
        return f.forEach(PlanUnit.class)
                .groupBy(PlanUnit::getNode, sumLong(PlanUnit::getCpuMilli), sumLong(PlanUnit::getMemMib))
                .penalizeLong(HardMediumSoftLongScore.ONE_SOFT, PlanConstraints::balancePenalty)
                .justifyWith((n, cpu, mem, s) -> new PlanJustification(n.name(),
                        "cpu " + (n.baseCpuMilli() + cpu) + "/" + n.cpuMilli() + " m, mem "
                                + (n.baseMemMib() + mem) + "/" + n.memMib() + " MiB"))
                .asConstraint(BALANCE);
    }

    static long balancePenalty(PlanNode node, long cpuMilli, long memMib) {
        return squares(node, node.baseCpuMilli() + cpuMilli, node.baseMemMib() + memMib)
                - squares(node, node.baseCpuMilli(), node.baseMemMib());
    }

    /** 100 × (cores²/cores + GiB²/GiB) of one node. */
    public static long squares(PlanNode node, long cpuMilli, long memMib) {
        double cpu = (double) cpuMilli * cpuMilli / node.cpuMilli();
        double mem = (double) memMib * memMib / node.memMib();
        // Cores and GiB, ×100 for resolution: a full 24-core node costs 2400, a full 128 GiB one 12800.
        return Math.round(100 * (cpu / 1000 + mem / 1024));
    }
}
