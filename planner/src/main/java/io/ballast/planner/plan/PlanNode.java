package io.ballast.planner.plan;

/** A node in the planning problem. Capacities in milli-cores and MiB keep scores integral. */
public record PlanNode(String name, long cpuMilli, long memMib, boolean memoryLimit) {
}
