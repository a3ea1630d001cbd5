package io.ballast.manager.web;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import io.ballast.core.RoundInput;
import io.ballast.manager.loop.ProxmoxConfigBridge;
import io.ballast.manager.loop.SimulatedCluster;
import io.ballast.proxmox.ClusterObservation;
import io.ballast.proxmox.ProxmoxService;
import io.ballast.sim.LiveSimulation;
import io.ballast.status.ClusterFacts;

/**
 * The facts {@code GET /api/v1/status} shows next to the manager's status: on the active manager in simulated mode,
 * the simulated hardware and daemons per node and the load the rebalancer compares; in Proxmox mode, what the last
 * observation of the cluster saw of each node (membership, figures); elsewhere only the mode.
 */
@Component
class ObservedClusterFacts implements ClusterFacts.Source {

    private final SimulatedCluster cluster;
    private final ObjectProvider<ProxmoxService> proxmox;
    private final ObjectProvider<ProxmoxConfigBridge> bridge;
    private final String mode;

    ObservedClusterFacts(SimulatedCluster cluster, ObjectProvider<ProxmoxService> proxmox,
                         ObjectProvider<ProxmoxConfigBridge> bridge,
                         @Value("${ballast.cluster.mode:simulated}") String mode) {
        this.cluster = cluster;
        this.proxmox = proxmox;
        this.bridge = bridge;
        this.mode = mode;
    }

    @Override
    public ClusterFacts current() {
        if ("proxmox".equals(mode)) {
            ProxmoxService service = proxmox.getIfAvailable();
            ClusterObservation seen = service == null ? null : service.lastObservation();
            ProxmoxConfigBridge rounds = bridge.getIfAvailable();
            RoundInput in = rounds == null ? null : rounds.lastInput();
            return seen == null ? ClusterFacts.unobserved("proxmox") : facts(seen, in);
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

    /**
     * Per node of the last Proxmox observation: {@code member} (online in the cluster's membership) and, when its
     * figures could not be read, why; the load figures are those the last round's rebalancer compared (the one
     * usage computation, {@link LiveSimulation#usageOf}). No cluster time: the master is judged by the age of the
     * last round.
     */
    static ClusterFacts facts(ClusterObservation seen, RoundInput lastRound) {
        SortedMap<String, Map<String, Object>> nodes = new TreeMap<>();
        seen.nodes().forEach((name, n) -> {
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("member", n.online());
            if (n.stale()) {
                node.put("figures_stale", n.staleReason());
            }
            nodes.put(name, node);
        });
        Map<String, Object> usage = lastRound == null || lastRound.onlineMembers().isEmpty() ? null
                : usage(LiveSimulation.usageOf(lastRound), lastRound.previous().rebalanceHold());
        return new ClusterFacts("proxmox", null, null, nodes, usage);
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
