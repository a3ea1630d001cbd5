package io.ballast.planner.plan;

import java.util.Objects;
import java.util.Set;

/**
 * A node in the planning problem. Capacities in milli-cores and MiB keep scores integral.
 *
 * <p>{@code base*} and {@code fixedUnits} hold units that stay where they are and are therefore not
 * planning entities (a failover plans only the displaced units): their load and ids are folded into the
 * node. Equality is by name only, because nodes are group-by keys in the constraint streams.
 */
public final class PlanNode {
    private final String name;
    private final long cpuMilli;
    private final long memMib;
    private final boolean memoryLimit;
    private final long baseCpuMilli;
    private final long baseMemMib;
    private final Set<String> fixedUnits;

    public PlanNode(String name, long cpuMilli, long memMib, boolean memoryLimit) {
        this(name, cpuMilli, memMib, memoryLimit, 0, 0, Set.of());
    }

    public PlanNode(String name, long cpuMilli, long memMib, boolean memoryLimit, long baseCpuMilli,
                    long baseMemMib, Set<String> fixedUnits) {
        this.name = Objects.requireNonNull(name);
        this.cpuMilli = cpuMilli;
        this.memMib = memMib;
        this.memoryLimit = memoryLimit;
        this.baseCpuMilli = baseCpuMilli;
        this.baseMemMib = baseMemMib;
        this.fixedUnits = Set.copyOf(fixedUnits);
    }

    public String name() {
        return name;
    }

    public long cpuMilli() {
        return cpuMilli;
    }

    public long memMib() {
        return memMib;
    }

    public boolean memoryLimit() {
        return memoryLimit;
    }

    public long baseCpuMilli() {
        return baseCpuMilli;
    }

    public long baseMemMib() {
        return baseMemMib;
    }

    /** Ids of the fixed units on this node. */
    public Set<String> fixedUnits() {
        return fixedUnits;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PlanNode other && name.equals(other.name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
