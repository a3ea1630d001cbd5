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

    private final JdbcTemplate jdbc;
    private final AuditLog audit;
    private final ArmState armState;

    NodeController(JdbcTemplate jdbc, AuditLog audit, ArmState armState) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.armState = armState;
    }

    @GetMapping("/api/v1/nodes")
    @Transactional(readOnly = true)
    public List<Map<String, Object>> list() {
        return jdbc.queryForList("SELECT n.name AS node, coalesce(s.state, n.state) AS state,"
                + " coalesce(r.maintenance, false) AS maintenance FROM node n LEFT JOIN node_status s ON s.node = n.name"
                + " LEFT JOIN node_request r ON r.node = n.name ORDER BY n.name");
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
        Boolean before = jdbc.query("SELECT maintenance FROM node_request WHERE node = ? FOR UPDATE",
                (rs, i) -> rs.getBoolean(1), node).stream().findFirst().orElse(false);
        jdbc.update("INSERT INTO node_request (node, maintenance) VALUES (?, ?) ON CONFLICT (node)"
                + " DO UPDATE SET maintenance = excluded.maintenance, requested_at = now()", node, maintenance);
        audit.config("node", node, maintenance ? "maintenance-enable" : "maintenance-disable",
                Map.of("maintenance", before), Map.of("maintenance", maintenance));
        return Map.of("node", node, "maintenance", maintenance);
    }

    private void requireNode(String node) {
        Integer n = jdbc.queryForObject("SELECT count(*) FROM node WHERE name = ?", Integer.class, node);
        if (n == null || n == 0) {
            throw ApiException.notFound("node", node);
        }
    }
}
