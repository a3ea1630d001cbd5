package io.ballast.planner.usage;

/**
 * One online node as the usage model sees it.
 *
 * @param name      node name
 * @param maxCpu    CPU cores (0 when unknown)
 * @param maxMem    memory in bytes (0 when unknown)
 * @param cpu       measured CPU usage in cores (dynamic mode), includes every running guest
 * @param mem       measured used memory in bytes (dynamic mode)
 * @param otherCpu  configured CPUs of running guests that are not HA resources (static mode starts from this)
 * @param otherMem  configured memory in bytes of those guests
 */
public record NodeStats(String name, double maxCpu, long maxMem, double cpu, long mem, double otherCpu,
                        long otherMem) {

    public NodeStats(String name, double maxCpu, long maxMem, double cpu, long mem) {
        this(name, maxCpu, maxMem, cpu, mem, 0, 0);
    }

    public static NodeStats basic(String name) {
        return new NodeStats(name, 0, 0, 0, 0);
    }
}
