package io.ballast.status;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the service observes of the cluster itself right now, beside the manager's persisted status: the live
 * simulated hardware and daemons. Status shows these as facts next to the manager's view, never instead of it.
 *
 * @param mode         how the manager runs here: {@code simulated}, {@code proxmox}, {@code standby} or {@code off}
 * @param clusterTime  the cluster's clock now (seconds; simulated time), null when not observed
 * @param activeMaster the node whose CRM is master now, null when none is (only meaningful when observed)
 * @param nodes        node → observed facts (power, network, member, crm, lrm, lrm_mode)
 * @param usage        the load figures the rebalancer compares (mode, imbalance, cv, threshold, ...), empty if none
 */
public record ClusterFacts(String mode, Long clusterTime, String activeMaster,
        SortedMap<String, Map<String, Object>> nodes, Map<String, Object> usage) {

    public ClusterFacts {
        nodes = nodes == null ? new TreeMap<>() : nodes;
        usage = usage == null ? Map.of() : usage;
    }

    public static ClusterFacts unobserved(String mode) {
        return new ClusterFacts(mode, null, null, null, null);
    }

    /** Whether the service sees the cluster's daemons itself (the simulated cluster on the active manager). */
    public boolean observed() {
        return clusterTime != null;
    }

    /** The source of {@link ClusterFacts}; the status controller reads it once per answer. */
    public interface Source {
        ClusterFacts current();
    }
}
