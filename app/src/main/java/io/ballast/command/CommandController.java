package io.ballast.command;

import io.ballast.audit.AuditLog;
import io.ballast.resource.ResourceInput;
import io.ballast.web.ApiException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Service commands (Proxmox's crm-command migrate/relocate/stop): queued in crm_command for the manager's
 * next round, audited in the same transaction.
 */
@RestController
class CommandController {

    private final CrmCommandRepository commands;
    private final JdbcTemplate jdbc;
    private final AuditLog audit;
    private final MoveAffinityCheck affinity;

    /** {@code jdbc} reads what the manager reports (node_status, service_status) and locks the resource row. */
    CommandController(CrmCommandRepository commands, JdbcTemplate jdbc, AuditLog audit, MoveAffinityCheck affinity) {
        this.commands = commands;
        this.jdbc = jdbc;
        this.audit = audit;
        this.affinity = affinity;
    }

    @PostMapping("/api/v1/resources/{sid}/{command:migrate|relocate}")
    @Transactional
    public ResponseEntity<Map<String, Object>> move(@PathVariable String sid, @PathVariable String command,
                                                    @RequestBody Map<String, Object> body) {
        String id = ResourceInput.sid(sid, null);
        onlyKeys(body, Set.of("node"));
        requireMovable(id);
        Object node = body.get("node");
        if (!(node instanceof String target) || target.isBlank()) {
            throw ApiException.invalid("node", "required: the target node");
        }
        List<String> state = jdbc.queryForList("SELECT coalesce(s.state, n.state) FROM node n"
                + " LEFT JOIN node_status s ON s.node = n.name WHERE n.name = ?", String.class, target);
        if (state.isEmpty()) {
            throw ApiException.invalid("node", "node '" + target + "' is not a cluster node");
        }
        if (!"online".equals(state.get(0))) {
            throw ApiException.conflict("/problems/node-not-online", "node '" + target + "' is " + state.get(0)
                    + ", not online", "node");
        }
        List<String> warnings = affinity.check(id, target);
        ResponseEntity<Map<String, Object>> queued = queue(id, command, target, null);
        if (!warnings.isEmpty()) {
            queued.getBody().put("warnings", warnings);
        }
        return queued;
    }

    @PostMapping("/api/v1/resources/{sid}/stop")
    @Transactional
    public ResponseEntity<Map<String, Object>> stop(@PathVariable String sid,
                                                    @RequestBody(required = false) Map<String, Object> body) {
        String id = ResourceInput.sid(sid, null);
        Map<String, Object> b = body == null ? Map.of() : body;
        onlyKeys(b, Set.of("timeout"));
        requireMovable(id);
        Object timeout = b.getOrDefault("timeout", 0);
        if (!(timeout instanceof Integer t) || t < 0) {
            throw ApiException.invalid("timeout", "must be an integer >= 0 (seconds, 0 = hard stop), got " + timeout);
        }
        return queue(id, "stop", null, t);
    }

    @GetMapping("/api/v1/commands")
    @Transactional(readOnly = true)
    public List<Map<String, Object>> pending() {
        return commands.findByConsumedAtIsNullOrderById().stream().map(CrmCommandEntity::toMap).toList();
    }

    private ResponseEntity<Map<String, Object>> queue(String sid, String command, String node, Integer timeout) {
        Map<String, Object> out = commands.saveAndFlush(new CrmCommandEntity(sid, command, node, timeout,
                AuditLog.actor())).summary();
        audit.config("command", sid, command, null, out);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(out);
    }

    /** Proxmox refuses commands for resources in error or ignored: the manager would not act on them. */
    private void requireMovable(String sid) {
        List<String> configured = jdbc.queryForList("SELECT state FROM ha_resource WHERE sid = ? FOR UPDATE", String.class, sid);
        if (configured.isEmpty()) {
            throw ApiException.notFound("resource", sid);
        }
        List<String> current = jdbc.queryForList("SELECT state FROM service_status WHERE sid = ?", String.class, sid);
        if ("ignored".equals(configured.get(0)) || (!current.isEmpty() && "error".equals(current.get(0)))) {
            String why = "ignored".equals(configured.get(0)) ? "ignored" : "in error state";
            throw ApiException.conflict("/problems/resource-state", "resource " + sid + " is " + why
                    + "; commands are refused (set state=disabled to recover from error)", "sid");
        }
    }

    private static void onlyKeys(Map<String, Object> body, Set<String> allowed) {
        for (String key : body.keySet()) {
            if (!allowed.contains(key)) {
                throw ApiException.invalid(key, "unknown property");
            }
        }
    }
}
