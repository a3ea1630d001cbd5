package io.ballast.status;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/status}: nodes, resources with requested and current state, CRS mode, armed state. */
@RestController
@RequestMapping("/api/v1/status")
class StatusController {

    private final JdbcClient jdbc;

    StatusController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record NodeView(String name, String state) {
    }

    record ResourceView(String sid, String requestState, String crmState, String node) {
    }

    record CrsView(String mode, boolean rebalanceOnStart, boolean autoRebalance, Double imbalance) {
    }

    @GetMapping
    @Transactional(readOnly = true)
    Map<String, Object> status() {
        List<NodeView> nodes = jdbc.sql("""
                SELECT n.name, COALESCE(s.state, n.state) AS state
                FROM node n LEFT JOIN node_status s ON s.node = n.name ORDER BY n.name""")
                .query((rs, i) -> new NodeView(rs.getString("name"), rs.getString("state"))).list();
        // a resource the manager has not picked up yet shows as "queued", like Proxmox's status
        List<ResourceView> resources = jdbc.sql("""
                SELECT r.sid, r.state AS request_state, COALESCE(s.state, 'queued') AS crm_state, s.node
                FROM ha_resource r LEFT JOIN service_status s ON s.sid = r.sid ORDER BY r.sid""")
                .query((rs, i) -> new ResourceView(rs.getString("sid"), rs.getString("request_state"),
                        rs.getString("crm_state"), rs.getString("node"))).list();
        CrsView crs = jdbc.sql("SELECT ha, rebalance_on_start, auto_rebalance FROM crs_settings WHERE id = 1")
                .query((rs, i) -> new CrsView(rs.getString("ha"), rs.getBoolean("rebalance_on_start"),
                        rs.getBoolean("auto_rebalance"), null)).single();
        Map<String, Object> arm = jdbc.sql("SELECT disarmed, resource_mode FROM arm_state WHERE id = 1")
                .query((rs, i) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("armed-state", rs.getBoolean("disarmed") ? "disarmed" : "armed");
                    m.put("resource-mode", rs.getString("resource_mode"));
                    return m;
                }).single();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("nodes", nodes);
        body.put("resources", resources);
        body.put("crs", crs);
        body.put("fencing", arm);
        return body;
    }
}
