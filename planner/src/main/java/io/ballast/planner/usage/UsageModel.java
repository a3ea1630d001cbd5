package io.ballast.planner.usage;

import java.util.List;
import java.util.Map;

/**
 * The per-round usage model of spec §3.2–3.7 (Proxmox's {@code PVE::HA::Usage}): which resource
 * counts on which node, how a node is scored for a start or recovery, and the cluster imbalance.
 *
 * <p>The manager rebuilds it every round and updates it on every state change, so resources placed
 * later in the same round see earlier decisions. Implementations are deterministic and do no I/O.
 */
public interface UsageModel {

    SchedulerMode mode();

    /** Online node names known to the model, sorted. */
    List<String> nodes();

    /**
     * Counts a resource: on {@code currentNode} (if online) and additionally on {@code targetNode}
     * (if not null and online). {@code running} tells the dynamic model whether the resource is
     * already part of the measured node usage or still starting.
     */
    void addResource(String sid, String currentNode, String targetNode, boolean running, ResourceStats stats);

    /** Forgets a resource everywhere (before it is re-added with its new node/target). */
    void removeResource(String sid);

    /**
     * Score of every candidate node for starting (placing) {@code sid} there; lower is better.
     * Basic: resource count. Static/dynamic: minus the TOPSIS closeness of the cluster with the
     * resource added to that node. The resource itself is excluded from the base usage.
     */
    Map<String, Double> scoreNodesToStart(String sid, ResourceStats stats, List<String> candidates);

    /** Normalised imbalance in [0, 1] (coefficient of variation / sqrt(N-1)); basic mode is always 0. */
    double imbalance();

    /**
     * Per-node usage on the imbalance basis (static: configured sizes; dynamic: measured), sorted by
     * node name. Basic mode reports resource counts as CPU over a capacity of 1 (imbalance stays 0).
     */
    List<NodeUsage> nodeUsage();

    /**
     * The load a bundle move shifts from source to target (spec §5, §6.3): static = members' maxcpu
     * (0 shifts 0 CPU, as 5.2 does) and maxmem; dynamic = measured cpu and mem.
     */
    default double[] movedLoad(ResourceStats stats) {
        return switch (mode()) {
            case STATIC -> new double[] {stats.maxCpu(), stats.maxMem()};
            case DYNAMIC -> new double[] {stats.cpu(), stats.mem()};
            case BASIC -> new double[] {0, 0};
        };
    }
}
