package io.ballast.status;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Cluster overview: nodes, resources (requested and manager state), CRS mode, arm state. */
@RestController
class StatusController {

    private final JdbcTemplate jdbc;

    StatusController(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping("/api/v1/status")
    @Transactional(readOnly = true)
    public Map<String, Object> status() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("nodes", jdbc.queryForList("SELECT n.name AS node, coalesce(s.state, n.state) AS state,"
                + " coalesce(r.maintenance, false) AS maintenance FROM node n LEFT JOIN node_status s ON s.node = n.name"
                + " LEFT JOIN node_request r ON r.node = n.name ORDER BY n.name"));
        List<Map<String, Object>> resources = jdbc.queryForList("SELECT r.sid, r.state AS requested_state,"
                + " coalesce(s.state, 'queued') AS state, s.node FROM ha_resource r LEFT JOIN service_status s ON s.sid = r.sid"
                + " ORDER BY r.type, r.vmid");
        out.put("resources", resources);
        out.put("crs", Map.of("ha", jdbc.queryForObject("SELECT ha FROM crs_settings WHERE id = 1", String.class)));
        out.put("imbalance", null);   // filled once the manager computes usage
        Map<String, Object> arm = jdbc.queryForMap("SELECT disarmed, resource_mode FROM arm_state WHERE id = 1");
        Map<String, Object> armed = new LinkedHashMap<>();
        armed.put("armed", !(Boolean) arm.get("disarmed"));
        armed.put("resource-mode", arm.get("resource_mode"));
        out.put("arm", armed);
        return out;
    }
}
