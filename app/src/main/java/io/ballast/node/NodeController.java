package io.ballast.node;

import io.ballast.audit.AuditLog;
import io.ballast.status.ArmState;
import io.ballast.web.ApiException;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Cluster nodes and their maintenance requests (executed by the HA manager). */
@RestController
class NodeController {

    private final NodeRepository nodes;
    private final NodeRequestRepository requests;
    private final JdbcTemplate jdbc;
    private final AuditLog audit;
    private final ArmState armState;

    /** {@code jdbc} only reads the manager's node_status (written per round by the manager store). */
    NodeController(NodeRepository nodes, NodeRequestRepository requests, JdbcTemplate jdbc, AuditLog audit,
                   ArmState armState) {
        this.nodes = nodes;
        this.requests = requests;
        this.jdbc = jdbc;
        this.audit = audit;
        this.armState = armState;
    }

    @GetMapping("/api/v1/nodes")
    @Transactional(readOnly = true)
    public List<Map<String, Object>> list() {
        Map<String, String> managerView = new java.util.HashMap<>();
        jdbc.query("SELECT node, state FROM node_status", rs -> {
            managerView.put(rs.getString(1), rs.getString(2));
        });
        List<Map<String, Object>> out = new java.util.ArrayList<>();
        for (NodeEntity n : nodes.findAllByOrderByName()) {
            Map<String, Object> row = new java.util.LinkedHashMap<>();
            row.put("node", n.getName());
            row.put("state", managerView.getOrDefault(n.getName(), n.getState()));
            row.put("maintenance", requests.findById(n.getName()).map(NodeRequestEntity::isMaintenance).orElse(false));
            out.add(row);
        }
        return out;
    }

    @PostMapping("/api/v1/nodes/{node}/maintenance")
    @Transactional
    public Map<String, Object> enable(@PathVariable String node) {
        requireNode(node);
        if (armState.lockAndReadDisarmed()) {
            throw ApiException.conflict("/problems/disarmed", "HA is disarmed; arm it before requesting maintenance", "node");
        }
        return set(node, true);
    }

    @DeleteMapping("/api/v1/nodes/{node}/maintenance")
    @Transactional
    public Map<String, Object> disable(@PathVariable String node) {
        requireNode(node);
        return set(node, false);
    }

    private Map<String, Object> set(String node, boolean maintenance) {
        NodeRequestEntity request = requests.findForUpdate(node).orElseGet(() -> new NodeRequestEntity(node));
        boolean before = request.isMaintenance();
        request.request(maintenance);
        requests.saveAndFlush(request);
        audit.config("node", node, maintenance ? "maintenance-enable" : "maintenance-disable",
                Map.of("maintenance", before), Map.of("maintenance", maintenance));
        return Map.of("node", node, "maintenance", maintenance);
    }

    private void requireNode(String node) {
        if (!nodes.existsById(node)) {
            throw ApiException.notFound("node", node);
        }
    }
}
