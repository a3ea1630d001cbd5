package io.ballast.node;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.ballast.web.ApiResponses;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Cluster nodes, their maintenance requests (executed by the HA manager) and operators' fence confirmations. */
@RestController
@Tag(name = "nodes")
class NodeController {

    private final NodeService nodes;

    NodeController(NodeService nodes) {
        this.nodes = nodes;
    }

    @Operation(operationId = "listNodes", summary = "List nodes",
            description = "Every cluster node with its state, maintenance request and off confirmation.")
    @ApiResponse(responseCode = "200", description = "the nodes",
            content = @Content(mediaType = "application/json", array = @ArraySchema(schema = @Schema(implementation = ApiResponses.Node.class))))
    @GetMapping("/api/v1/nodes")
    List<Map<String, Object>> list() {
        return nodes.list();
    }

    @Operation(operationId = "enableMaintenance", summary = "Request maintenance",
            description = "The manager moves the node's resources away and keeps new ones off it. Asking again changes nothing; 404 unknown node, 409 while HA is disarmed. Audited.")
    @ApiResponse(responseCode = "200", description = "maintenance requested",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiResponses.MaintenanceChange.class)))
    @PostMapping("/api/v1/nodes/{node}/maintenance")
    Map<String, Object> enable(@PathVariable String node) {
        return nodes.maintenance(node, true);
    }

    @Operation(operationId = "disableMaintenance", summary = "Withdraw maintenance",
            description = "The node takes resources again (failback brings its own back). Audited.")
    @ApiResponse(responseCode = "200", description = "maintenance withdrawn",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiResponses.MaintenanceChange.class)))
    @DeleteMapping("/api/v1/nodes/{node}/maintenance")
    Map<String, Object> disable(@PathVariable String node) {
        return nodes.maintenance(node, false);
    }

    /** The operator confirms the failed node is powered off: a fencing proof for the recovery of its guests. */
    @Operation(operationId = "confirmFenced", summary = "Confirm a failed node is off",
            description = "A fencing proof: lets the manager recover the node's guests in Proxmox mode under every fencing policy. 409 /problems/node-not-failed unless the node is in fence or unknown. Audited.")
    @ApiResponse(responseCode = "200", description = "confirmed",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiResponses.OffConfirmation.class)))
    @PostMapping("/api/v1/nodes/{node}/fenced")
    Map<String, Object> confirmOff(@PathVariable String node) {
        return nodes.confirmOff(node, true);
    }

    @Operation(operationId = "withdrawFenced", summary = "Withdraw an off confirmation",
            description = "Withdraws the confirmation that the node is powered off. Audited.")
    @ApiResponse(responseCode = "200", description = "withdrawn",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiResponses.OffConfirmation.class)))
    @DeleteMapping("/api/v1/nodes/{node}/fenced")
    Map<String, Object> withdrawOff(@PathVariable String node) {
        return nodes.confirmOff(node, false);
    }
}
