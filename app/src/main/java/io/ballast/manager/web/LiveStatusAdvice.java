package io.ballast.manager.web;

import io.ballast.manager.loop.SimulatedCluster;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

import io.ballast.core.ManagerStatus;
import io.ballast.core.ServiceStatus;
import io.ballast.sim.LiveSimulation;

/**
 * Adds the live manager view to {@code GET /api/v1/status} (the existing fields stay as they are): the
 * simulated cluster's time and daemons per node, each resource's manager state with a one-line reason,
 * maintenance progress and the arm state as the manager sees it.
 */
@ControllerAdvice
class LiveStatusAdvice implements ResponseBodyAdvice<Object> {

    private static final String STATUS_CONTROLLER = "io.ballast.status.StatusController";

    private final SimulatedCluster cluster;
    private final String mode;

    LiveStatusAdvice(SimulatedCluster cluster,
                     @org.springframework.beans.factory.annotation.Value("${ballast.cluster.mode:simulated}") String mode) {
        this.cluster = cluster;
        this.mode = mode;
    }

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return returnType.getContainingClass().getName().equals(STATUS_CONTROLLER);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
            Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
            ServerHttpResponse response) {
        if (body instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>((Map<String, Object>) map);
            // the lease fields (leader, term, ...) come from the status controller; the live view joins them
            Map<String, Object> manager = new LinkedHashMap<>();
            if (out.get("manager") instanceof Map<?, ?> lease) {
                manager.putAll((Map<String, Object>) lease);
            }
            LiveSimulation live = cluster.live();
            Map<String, Object> view = view(live, cluster.roundsAboveThreshold(), cluster::lastDecision);
            if (live == null && cluster.simulated() && !cluster.leads()) {
                view = Map.of("mode", "standby");   // the active manager runs the simulated cluster
            } else if ("proxmox".equals(mode)) {
                // the Proxmox rounds: the lease fields say who runs them; GET /api/v1/proxmox shows what they see
                view = Map.of("mode", "proxmox");
            }
            manager.putAll(view);
            out.put("manager", manager);
            return out;
        }
        return body;
    }

    static Map<String, Object> view(LiveSimulation live, int roundsAbove,
            java.util.function.Function<String, Map<String, Object>> lastDecision) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (live == null) {
            out.put("mode", "off");
            return out;
        }
        LiveSimulation.Snapshot s = live.snapshot();
        ManagerStatus ms = s.managerStatus();
        out.put("mode", "simulated");
        out.put("cluster_time", s.time());
        out.put("master", s.nodes().entrySet().stream().filter(e -> "master".equals(e.getValue().crmState()))
                .map(Map.Entry::getKey).findFirst().orElse(null));
        Map<String, Object> nodes = new LinkedHashMap<>();
        s.nodes().forEach((n, v) -> {
            Map<String, Object> node = new LinkedHashMap<>();
            var state = ms.nodeStatus().get(n);
            node.put("state", state == null ? null : state.key());
            node.put("power", v.power() ? "on" : "off");
            node.put("network", v.network() ? "on" : "off");
            node.put("quorate_member", v.online());
            node.put("crm", v.crmState());
            node.put("lrm", v.lrmState());
            node.put("lrm_mode", v.lrmMode());
            List<String> left = new ArrayList<>();
            ms.serviceStatus().forEach((sid, st) -> {
                if (n.equals(st.node()) && st.state().key().matches("started|migrate|relocate|request_stop")) {
                    left.add(sid);
                }
            });
            if (ms.maintenanceRequests().contains(n) || (state != null && state.key().equals("maintenance"))) {
                boolean moving = ms.serviceStatus().values().stream().anyMatch(st -> n.equals(st.node())
                        && (st.state().isMoving()));
                boolean inMaintenance = state != null && state.key().equals("maintenance");
                String progress = !inMaintenance ? "requested"
                        : left.isEmpty() ? "drained"
                        : moving ? "draining: " + left.size() + " left"
                        : "evacuation blocked: no allowed node for " + String.join(", ", left);
                node.put("maintenance", Map.of("requested", ms.maintenanceRequests().contains(n),
                        "resources_left", left, "progress", progress));
            }
            nodes.put(n, node);
        });
        out.put("nodes", nodes);
        Map<String, Object> resources = new LinkedHashMap<>();
        ms.serviceStatus().forEach((sid, st) -> {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("state", st.state().key());
            r.put("node", st.node());
            if (st.target() != null) {
                r.put("target", st.target());
            }
            r.put("reason", reason(st, ms));
            Map<String, Object> last = lastDecision.apply(sid);
            if (last != null) {
                r.put("last_decision", last);
            }
            resources.put(sid, r);
        });
        out.put("resources", resources);
        out.put("armed", ms.disarm() == null ? "armed" : ms.disarm().state());
        LiveSimulation.UsageView usage = live.usage();
        Map<String, Object> crs = new LinkedHashMap<>();
        crs.put("mode", usage.mode());
        crs.put("imbalance", Math.round(usage.imbalance() * 100) / 100.0);
        crs.put("cv", Math.round(usage.cv() * 100) / 100.0);
        crs.put("node_loads", usage.nodeLoads());
        crs.put("node_cpu", usage.nodeCpu());
        crs.put("node_mem", usage.nodeMem());
        crs.put("threshold", usage.threshold());
        if (usage.autoRebalance()) {
            crs.put("auto_rebalance", usage.imbalance() > usage.threshold()
                    ? String.format(java.util.Locale.ROOT, "imbalance %.2f > %.2f for %d/%.0f rounds",
                            usage.imbalance(), usage.threshold(), Math.min(roundsAbove, (int) usage.holdRounds() + 1),
                            usage.holdRounds())
                    : String.format(java.util.Locale.ROOT, "balanced (imbalance %.2f <= threshold %.2f)",
                            usage.imbalance(), usage.threshold()));
        } else {
            crs.put("auto_rebalance", "off");
        }
        out.put("usage", crs);
        return out;
    }

    /** One line saying why a resource is in its state. */
    static String reason(ServiceStatus st, ManagerStatus ms) {
        return switch (st.state()) {
            case STARTED -> st.running() ? "running on " + st.node() : "start requested on " + st.node();
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
    }
}
