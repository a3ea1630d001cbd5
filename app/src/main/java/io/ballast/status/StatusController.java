package io.ballast.status;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.ballast.web.ApiResponses;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.ballast.core.ManagerStatus;
import io.ballast.core.NodeState;
import io.ballast.core.ServiceState;
import io.ballast.core.ServiceStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.ballast.crs.CrsService;
import io.ballast.lease.LeaderLease;
import io.ballast.lease.LeaseView;
import io.ballast.manager.store.ManagerStore;
import io.ballast.manager.store.ManagerStore.DecisionRow;
import io.ballast.node.NodeService;
import io.ballast.resource.ResourceConfig;
import io.ballast.resource.ResourceService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Cluster overview, assembled here only: every state in one place. Node, resource, arm and master states are the
 * manager's as its last round committed them (the same on every instance); beside them the facts the service
 * observes itself (simulated power, membership, daemons) and the latest transitions from the audit, so that a
 * fence and recovery that pass within one round still show.
 */
@RestController
@Tag(name = "status")
class StatusController {

    /** States in which a resource still occupies its node (what a maintenance drain waits for). */
    private static final java.util.Set<ServiceState> ON_NODE = java.util.EnumSet.of(ServiceState.STARTED,
            ServiceState.MIGRATE, ServiceState.RELOCATE, ServiceState.REQUEST_STOP);

    /** Newest transitions listed under {@code events}. */
    static final int EVENTS = 20;
    /** A master whose last round is older than this is reported lost (Proxmox: "old timestamp - dead?"). */
    static final long MASTER_FRESH_SECONDS = 30;

    private final NodeService nodes;
    private final ResourceService resources;
    private final CrsService crs;
    private final ArmState arm;
    private final LeaderLease lease;
    private final ManagerStore store;
    private final ClusterFacts.Source facts;

    StatusController(NodeService nodes, ResourceService resources, CrsService crs, ArmState arm, LeaderLease lease,
                     ManagerStore store, ClusterFacts.Source facts) {
        this.nodes = nodes;
        this.resources = resources;
        this.crs = crs;
        this.arm = arm;
        this.lease = lease;
        this.store = store;
        this.facts = facts;
    }

    @Operation(operationId = "getStatus", summary = "Cluster status",
            description = "Every state once: the active manager instance (lease), the HA master (active, lost or none), nodes and resources as the manager's last round committed them with since-timestamps, reasons and the last decision, the CRS mode with usage and imbalance, the arm state, and the newest decisions as events (a fence and recovery within one round still show).")
    @ApiResponse(responseCode = "200", description = "the status",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiResponses.Status.class)))
    @GetMapping("/api/v1/status")
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)   // one snapshot for all parts
    public Map<String, Object> status() {
        ClusterFacts seen = facts.current();
        ManagerStatus ms = store.managerStatus();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("manager", manager(lease.view(), seen.mode()));
        out.put("master", master(ms, seen, seen.observed() ? null : store.secondsSinceLastRound()));
        if (seen.observed()) {
            out.put("cluster_time", seen.clusterTime());
        }
        out.put("nodes", nodes(ms, seen));
        out.put("resources", resources(ms, seen));
        Map<String, Object> crsView = new LinkedHashMap<>();
        crsView.put("ha", crs.get().get("ha"));
        crsView.putAll(seen.usage());
        out.put("crs", crsView);
        Map<String, Object> armView = new LinkedHashMap<>(arm.view());
        armView.put("state", ms.disarm() == null ? "armed" : ms.disarm().state());
        out.put("arm", armView);
        out.put("events", store.recentDecisions(EVENTS).stream().map(StatusController::event).toList());
        return out;
    }

    /** Which Ballast instance is the active manager (leader election over the database, see docs/operations.md). */
    static Map<String, Object> manager(LeaseView v, String mode) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("leader", v.leader());
        m.put("term", v.term());
        m.put("since", v.since() == null ? null : v.since().toString());
        m.put("expires_at", v.expiresAt() == null ? null : v.expiresAt().toString());
        m.put("self", v.self());
        m.put("self_is_leader", v.selfIsLeader());
        m.put("mode", mode);
        return m;
    }

    /**
     * The cluster node acting as HA master. Where the service sees the daemons, it is the node whose CRM is master
     * now; otherwise the one that ran the last round, lost once that round is older than {@value #MASTER_FRESH_SECONDS}
     * seconds.
     *
     * @param wallAge seconds since the last round persisted (database clock), for an instance that does not see the
     *                daemons; ignored where it does (the cluster's own clock measures the age there)
     */
    static Map<String, Object> master(ManagerStatus ms, ClusterFacts seen, Long wallAge) {
        Map<String, Object> m = new LinkedHashMap<>();
        String last = ms.masterNode();
        Long age = !seen.observed() ? wallAge
                : ms.timestamp() > 0 ? Math.max(0, seen.clusterTime() - ms.timestamp()) : null;
        String node;
        String state;
        if (seen.observed() && seen.activeMaster() != null) {
            node = seen.activeMaster();
            state = "active";
        } else if (last == null) {
            node = null;
            state = "none";
        } else if (seen.observed() || age == null || age > MASTER_FRESH_SECONDS) {
            node = last;
            state = "lost";
        } else {
            node = last;
            state = "active";
        }
        m.put("node", node);
        m.put("state", state);
        m.put("last_round_by", last);
        m.put("last_round_time", ms.timestamp() > 0 ? ms.timestamp() : null);
        m.put("last_round_age_s", age);
        if (state.equals("lost")) {
            m.put("note", "no manager round for " + (age == null ? "a while" : age + " s") + " (last by " + last
                    + "); the states below are that round's until another node takes the manager lock (120 s)");
        } else if (state.equals("none")) {
            m.put("note", "no manager round yet (the manager idles while no resource is configured)");
        }
        return m;
    }

    private List<Map<String, Object>> nodes(ManagerStatus ms, ClusterFacts seen) {
        List<Map<String, Object>> configured = nodes.list();
        Map<String, DecisionRow> last = store.lastDecisions("node", configured.stream()
                .map(n -> (String) n.get("node")).toList());
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> row : configured) {
            String n = (String) row.get("node");
            Map<String, Object> node = new LinkedHashMap<>(row);
            DecisionRow d = last.get(n);
            node.put("since", d == null ? null : d.at().toString());
            NodeState state = ms.nodeStatus().get(n);
            Map<String, Object> drain = drain(n, state, ms);
            if (drain != null) {
                node.put("drain", drain);
            }
            Map<String, Object> observed = seen.nodes().get(n);
            if (observed != null) {
                node.putAll(observed);
                if (Boolean.FALSE.equals(observed.get("member")) && state != null
                        && (state == NodeState.ONLINE || state == NodeState.MAINTENANCE)) {
                    node.put("note", "not a cluster member now; the manager has not counted it out yet");
                }
            }
            if (d != null) {
                node.put("last_decision", decision(d));
            }
            out.add(node);
        }
        return out;
    }

    /** Maintenance progress of a node asked to (or in) maintenance, null for other nodes. */
    private static Map<String, Object> drain(String n, NodeState state, ManagerStatus ms) {
        boolean requested = ms.maintenanceRequests().contains(n);
        boolean inMaintenance = state == NodeState.MAINTENANCE;
        if (!requested && !inMaintenance) {
            return null;
        }
        List<String> left = new ArrayList<>();
        boolean moving = false;
        for (var e : ms.serviceStatus().entrySet()) {
            ServiceStatus st = e.getValue();
            if (n.equals(st.node()) && ON_NODE.contains(st.state())) {
                left.add(e.getKey());
            }
            moving |= n.equals(st.node()) && st.state().isMoving();
        }
        String progress = !inMaintenance ? "requested"
                : left.isEmpty() ? "drained"
                : moving ? "draining: " + left.size() + " left"
                : "evacuation blocked: no allowed node for " + String.join(", ", left);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("resources_left", left);
        out.put("progress", progress);
        return out;
    }

    private List<Map<String, Object>> resources(ManagerStatus ms, ClusterFacts seen) {
        List<ResourceConfig> configured = resources.list();
        List<String> sids = configured.stream().map(ResourceConfig::sid).toList();
        Map<String, DecisionRow> last = store.lastDecisions("resource", sids);
        Map<String, DecisionRow> arrivals = store.lastArrivals(sids);
        List<Map<String, Object>> out = new ArrayList<>();
        for (ResourceConfig r : configured) {
            ServiceStatus st = ms.serviceStatus().get(r.sid());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("sid", r.sid());
            m.put("requested_state", r.state());
            m.put("state", st == null ? "queued" : st.state().key());
            m.put("node", st == null ? null : st.node());
            if (st != null && st.target() != null) {
                m.put("target", st.target());
            }
            DecisionRow d = last.get(r.sid());
            m.put("since", d == null ? null : d.at().toString());
            m.put("reason", st == null ? "not seen by the manager yet" : reason(st, ms, seen, arrivals.get(r.sid())));
            if (d != null) {
                m.put("last_decision", decision(d));
            }
            out.add(m);
        }
        return out;
    }

    /**
     * One line saying why a resource is in its state and on its node: the state as the manager's last round left
     * it, qualified by what that round knew of the node, and how it came to this node (the last move's decision).
     */
    static String reason(ServiceStatus st, ManagerStatus ms, ClusterFacts seen, DecisionRow arrival) {
        NodeState nodeState = ms.nodeStatus().get(st.node());
        String base = switch (st.state()) {
            case STARTED -> nodeState == NodeState.UNKNOWN || nodeState == NodeState.FENCE
                    ? "node " + st.node() + " is " + nodeState.key() + " to the manager: if it stays away, it is"
                            + " fenced and the resource recovered elsewhere"
                    : st.running() || movedIn(arrival, st.node()) ? "running on " + st.node()
                    : "start requested on " + st.node();
            case REQUEST_START, REQUEST_START_BALANCE -> "waiting for a start on " + (st.target() != null ? st.target()
                    : st.node());
            case STOPPED -> "stopped as requested";
            case REQUEST_STOP -> "stop requested on " + st.node();
            case MIGRATE -> "live migration " + st.node() + " -> " + st.target();
            case RELOCATE -> "relocation " + st.node() + " -> " + st.target();
            case FENCE -> "node " + st.node() + " must be fenced before the resource can be recovered";
            case RECOVERY -> "node " + st.node() + " fenced; waiting for a node that may run it";
            case FREEZE -> ms.disarm() != null ? "frozen: HA is disarmed" : "frozen: its node's agent is restarting";
            case ERROR -> "error: start or stop failed on " + (st.failedNodes().isEmpty() ? st.node()
                    : String.join(", ", st.failedNodes())) + "; set it disabled to clear";
        };
        Map<String, Object> observed = seen.nodes().get(st.node());
        if (st.state() == ServiceState.STARTED && observed != null && Boolean.FALSE.equals(observed.get("member"))
                && (nodeState == NodeState.ONLINE || nodeState == NodeState.MAINTENANCE)) {
            base = "started on " + st.node() + " when the manager last saw it; " + st.node()
                    + " is not a cluster member now";
        }
        if (arrival != null && st.node() != null && st.node().equals(arrival.after().get("node"))
                && !st.state().isMoving()) {
            base += "; on " + st.node() + " since " + arrival.at() + ": " + arrival.action()
                    + (arrival.explanation() == null ? "" : " (" + arrival.explanation() + ")");
        }
        return base;
    }

    /** A migration or relocation that ended on the node: the guest runs there (no LRM start confirms it). */
    private static boolean movedIn(DecisionRow arrival, String node) {
        if (arrival == null || !node.equals(arrival.after().get("node"))) {
            return false;
        }
        Object from = arrival.before().get("state");
        return "migrate".equals(from) || "relocate".equals(from);
    }

    /** The decision behind a node's or resource's state (its time is the entry's {@code since}). */
    private static Map<String, Object> decision(DecisionRow d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("round", d.round());
        m.put("trigger", d.trigger());
        m.put("action", d.action());
        m.put("explanation", d.explanation());
        return m;
    }

    private static Map<String, Object> event(DecisionRow d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", d.at().toString());
        m.put("round", d.round());
        m.put("cluster_time", d.clusterTime());
        m.put("subject", d.subject());
        m.put("action", d.action());
        m.put("from", d.before());
        m.put("to", d.after());
        m.put("trigger", d.trigger());
        m.put("explanation", d.explanation());
        return m;
    }
}
