package io.ballast.planner.usage;

/**
 * Size of one resource.
 *
 * @param maxCpu configured vCPU limit (0 = unlimited: counts as the node's full CPU count)
 * @param maxMem configured memory in bytes
 * @param cpu    measured CPU usage in cores (dynamic mode)
 * @param mem    measured memory in bytes (dynamic mode)
 */
public record ResourceStats(double maxCpu, long maxMem, double cpu, long mem) {
    public static final ResourceStats NONE = new ResourceStats(0, 0, 0, 0);
}
