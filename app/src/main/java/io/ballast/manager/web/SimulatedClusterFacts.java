package io.ballast.manager.web;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import io.ballast.manager.loop.SimulatedCluster;
import io.ballast.sim.LiveSimulation;
import io.ballast.status.ClusterFacts;

/**
 * The facts {@code GET /api/v1/status} shows next to the manager's status: on the active manager in simulated mode,
 * the simulated hardware and daemons per node and the load the rebalancer compares; elsewhere only the mode.
 */
@Component
class SimulatedClusterFacts implements ClusterFacts.Source {

    private final SimulatedCluster cluster;
    private final String mode;

    SimulatedClusterFacts(SimulatedCluster cluster, @Value("${ballast.cluster.mode:simulated}") String mode) {
        this.cluster = cluster;
        this.mode = mode;
    }

    @Override
    public ClusterFacts current() {
        if ("proxmox".equals(mode)) {
            // the Proxmox rounds: the lease fields say who runs them; GET /api/v1/proxmox shows what they see
            return ClusterFacts.unobserved("proxmox");
        }
        LiveSimulation live = cluster.live();
        if (live == null) {
            // a standby: the active manager runs the simulated cluster
            return ClusterFacts.unobserved(cluster.simulated() && !cluster.leads() ? "standby" : "off");
        }
        return facts(live, cluster.roundsAboveThreshold());
    }

    static ClusterFacts facts(LiveSimulation live, int roundsAbove) {
        LiveSimulation.Snapshot s = live.snapshot();
        SortedMap<String, Map<String, Object>> nodes = new TreeMap<>();
        String master = null;
        for (var e : s.nodes().entrySet()) {
            LiveSimulation.NodeView v = e.getValue();
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("power", v.power() ? "on" : "off");
            node.put("network", v.network() ? "on" : "off");
            node.put("member", v.online());
            node.put("crm", v.crmState());
            node.put("lrm", v.lrmState());
            node.put("lrm_mode", v.lrmMode());
            nodes.put(e.getKey(), node);
            if ("master".equals(v.crmState())) {
                master = e.getKey();
            }
        }
        return new ClusterFacts("simulated", s.time(), master, nodes, usage(live.usage(), roundsAbove));
    }

    /** The imbalance the rebalancer compares (spec §3.7) and what automatic rebalancing makes of it. */
    static Map<String, Object> usage(LiveSimulation.UsageView usage, int roundsAbove) {
        Map<String, Object> crs = new LinkedHashMap<>();
        crs.put("mode", usage.mode());
        crs.put("imbalance", Math.round(usage.imbalance() * 100) / 100.0);
        crs.put("cv", Math.round(usage.cv() * 100) / 100.0);
        crs.put("threshold", usage.threshold());
        crs.put("node_loads", usage.nodeLoads());
        // the load's parts, each 0-1 of the node's capacity in the usage model (basic mode counts resources)
        crs.put("node_cpu", usage.nodeCpu());
        crs.put("node_mem", usage.nodeMem());
        if (usage.autoRebalance()) {
            crs.put("auto_rebalance", usage.imbalance() > usage.threshold()
                    ? String.format(Locale.ROOT, "imbalance %.2f > %.2f for %d/%.0f rounds",
                            usage.imbalance(), usage.threshold(), Math.min(roundsAbove, (int) usage.holdRounds() + 1),
                            usage.holdRounds())
                    : String.format(Locale.ROOT, "balanced (imbalance %.2f <= threshold %.2f)",
                            usage.imbalance(), usage.threshold()));
        } else {
            crs.put("auto_rebalance", "off");
        }
        return crs;
    }
}
