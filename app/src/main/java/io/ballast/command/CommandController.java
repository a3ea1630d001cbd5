package io.ballast.command;

import io.ballast.manager.store.DecisionLog;
import io.ballast.resource.ResourceInput;
import io.ballast.web.ApiException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Service commands migrate/relocate/stop (queued for the manager) and the pending queue. */
@RestController
class CommandController {

    private final CommandService commands;
    private final DecisionLog decisions;

    CommandController(CommandService commands, DecisionLog decisions) {
        this.commands = commands;
        this.decisions = decisions;
    }

    @PostMapping("/api/v1/resources/{sid}/{command:migrate|relocate}")
    ResponseEntity<Map<String, Object>> move(@PathVariable String sid, @PathVariable String command,
                                             @RequestBody Map<String, Object> body) {
        String id = ResourceInput.sid(sid, null);
        onlyKeys(body, Set.of("node"));
        try {
            return commands.move(id, command, body.get("node"));
        } catch (ApiException e) {
            refused(e, id, command, body.get("node"));
            throw e;
        }
    }

    @PostMapping("/api/v1/resources/{sid}/stop")
    ResponseEntity<Map<String, Object>> stop(@PathVariable String sid,
                                             @RequestBody(required = false) Map<String, Object> body) {
        String id = ResourceInput.sid(sid, null);
        Map<String, Object> b = body == null ? Map.of() : body;
        onlyKeys(b, Set.of("timeout"));
        try {
            return commands.stop(id, b.getOrDefault("timeout", 0));
        } catch (ApiException e) {
            refused(e, id, "stop", null);
            throw e;
        }
    }

    @GetMapping("/api/v1/commands")
    List<Map<String, Object>> pending() {
        return commands.pending();
    }

    /** A command refused because of the cluster's state or rules (409) gets a decision line in the log. */
    private void refused(ApiException e, String sid, String command, Object target) {
        if (e.status() == HttpStatus.CONFLICT) {
            decisions.refused(sid, command, target instanceof String s ? s : null, e.getMessage(),
                    io.ballast.audit.AuditLog.actor());
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
