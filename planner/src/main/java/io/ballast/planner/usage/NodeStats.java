package io.ballast.planner.usage;

/**
 * One online node as the usage model sees it.
 *
 * @param name    node name
 * @param maxCpu  CPU cores (0 when unknown)
 * @param maxMem  memory in bytes (0 when unknown)
 * @param cpu     measured CPU usage in cores (dynamic mode), includes every running guest
 * @param mem     measured used memory in bytes (dynamic mode)
 */
public record NodeStats(String name, double maxCpu, long maxMem, double cpu, long mem) {
    public static NodeStats basic(String name) {
        return new NodeStats(name, 0, 0, 0, 0);
    }
}
