package io.ballast.status;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.ballast.crs.CrsService;
import io.ballast.lease.LeaderLease;
import io.ballast.lease.LeaseView;
import io.ballast.node.NodeService;
import io.ballast.resource.ResourceConfig;
import io.ballast.resource.ResourceService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Cluster overview: nodes, resources (requested and manager state), CRS mode, arm state. */
@RestController
@Tag(name = "status")
class StatusController {

    private final NodeService nodes;
    private final ResourceService resources;
    private final ServiceStatusRepository serviceStatus;
    private final CrsService crs;
    private final ArmState arm;
    private final LeaderLease lease;

    StatusController(NodeService nodes, ResourceService resources, ServiceStatusRepository serviceStatus, CrsService crs,
                     ArmState arm, LeaderLease lease) {
        this.lease = lease;
        this.nodes = nodes;
        this.resources = resources;
        this.serviceStatus = serviceStatus;
        this.crs = crs;
        this.arm = arm;
    }

    @Operation(operationId = "getStatus", summary = "Cluster status",
            description = "Nodes (state, maintenance), resources (requested and manager state, node), the CRS mode, arm state and which instance is the active manager.")
    @GetMapping("/api/v1/status")
    @Transactional(readOnly = true)   // one snapshot for all parts
    public Map<String, Object> status() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("nodes", nodes.list());
        Map<String, ServiceStatusEntity> manager = serviceStatus.findAll().stream()
                .collect(Collectors.toMap(ServiceStatusEntity::getSid, s -> s));
        List<Map<String, Object>> rows = resources.list().stream().map(r -> row(r, manager.get(r.sid()))).toList();
        out.put("resources", rows);
        out.put("crs", Map.of("ha", crs.get().get("ha")));
        out.put("arm", arm.view());
        out.put("manager", manager(lease.view()));
        return out;
    }

    /** Which instance is the active manager (leader election over the database, see docs/operations.md). */
    static Map<String, Object> manager(LeaseView v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("leader", v.leader());
        m.put("term", v.term());
        m.put("since", v.since() == null ? null : v.since().toString());
        m.put("expires_at", v.expiresAt() == null ? null : v.expiresAt().toString());
        m.put("self", v.self());
        m.put("self_is_leader", v.selfIsLeader());
        return m;
    }

    private static Map<String, Object> row(ResourceConfig r, ServiceStatusEntity s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sid", r.sid());
        m.put("requested_state", r.state());
        m.put("state", s == null ? "queued" : s.getState());
        m.put("node", s == null ? null : s.getNode());
        return m;
    }
}
