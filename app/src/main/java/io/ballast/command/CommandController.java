package io.ballast.command;


import io.ballast.manager.store.DecisionLog;
import io.ballast.resource.ResourceInput;
import io.ballast.web.ApiDocs;
import io.ballast.web.ApiException;
import io.ballast.web.ApiResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(name = "commands")
class CommandController {

    private final CommandService commands;
    private final DecisionLog decisions;

    CommandController(CommandService commands, DecisionLog decisions) {
        this.commands = commands;
        this.decisions = decisions;
    }

    @Operation(operationId = "moveResource", summary = "Migrate or relocate a resource",
            description = "Queues the command for the next manager round, 202. migrate moves online; relocate stops, moves and starts. 409 when the target is not online, the resource is ignored or in error, or the move breaks a rule (the detail names it).",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, description = "the target node",
                    content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiDocs.MoveBody.class),
                            examples = @ExampleObject(name = "example", value = ApiDocs.MOVE_EXAMPLE))))
    @ApiResponse(responseCode = "202", description = "queued",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiResponses.QueuedCommand.class)))
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

    @Operation(operationId = "stopResource", summary = "Stop a resource",
            description = "Queues a stop with a timeout for the next round, 202. Body optional (timeout 0 = hard stop).",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = false, description = "optional; timeout in seconds",
                    content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiDocs.StopBody.class),
                            examples = @ExampleObject(name = "example", value = ApiDocs.STOP_EXAMPLE))))
    @ApiResponse(responseCode = "202", description = "queued",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiResponses.QueuedCommand.class)))
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

    @Operation(operationId = "listCommands", summary = "List queued commands",
            description = "Commands the manager has not taken yet.")
    @ApiResponse(responseCode = "200", description = "queued commands",
            content = @Content(mediaType = "application/json", array = @ArraySchema(schema = @Schema(implementation = ApiResponses.QueuedCommand.class))))
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
