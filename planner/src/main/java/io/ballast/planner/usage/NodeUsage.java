package io.ballast.planner.usage;

/**
 * Usage of one node on the basis the imbalance is computed from (static: configured sizes of the counted
 * resources; dynamic: measured usage).
 *
 * @param name   node name
 * @param cpu    CPU in cores
 * @param mem    memory in bytes
 * @param maxCpu node CPU count
 * @param maxMem node memory in bytes
 */
public record NodeUsage(String name, double cpu, double mem, double maxCpu, double maxMem) {

    public NodeUsage plus(double dCpu, double dMem) {
        return new NodeUsage(name, cpu + dCpu, mem + dMem, maxCpu, maxMem);
    }

    public double cpuLoad() {
        return maxCpu > 0 ? cpu / maxCpu : 0;
    }

    public double memLoad() {
        return maxMem > 0 ? mem / maxMem : 0;
    }

    /** Spec §3.7: mean of CPU and memory load. */
    public double load() {
        return (cpuLoad() + memLoad()) / 2;
    }
}
