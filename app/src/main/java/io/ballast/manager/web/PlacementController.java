package io.ballast.manager.web;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.ballast.web.ApiResponses;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.ballast.core.PlacementExplanation;
import io.ballast.manager.loop.PlacementView;
import io.ballast.manager.loop.ProxmoxConfigBridge;
import io.ballast.manager.loop.SimulatedCluster;
import io.ballast.lease.LeaderLease;
import io.ballast.lease.LeaseView;
import io.ballast.resource.ResourceService;
import io.ballast.web.ApiException;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/resources/{sid}/placement}: for every node whether the placement policy allows the resource
 * there (with the reasons and rules against it), its priority class and usage score, and the node the manager
 * would choose now and why. Answered by the running cluster loop, from the state its next round starts from.
 */
@RestController
@Tag(name = "resources")
@RequestMapping("/api/v1/resources")
class PlacementController {

    private final ResourceService resources;
    private final SimulatedCluster simulated;
    private final ObjectProvider<ProxmoxConfigBridge> proxmox;
    private final LeaderLease lease;

    PlacementController(ResourceService resources, SimulatedCluster simulated,
                        ObjectProvider<ProxmoxConfigBridge> proxmox, LeaderLease lease) {
        this.resources = resources;
        this.simulated = simulated;
        this.proxmox = proxmox;
        this.lease = lease;
    }

    @Operation(operationId = "getPlacement", summary = "Explain a placement",
            description = "Why the resource is where it is, or where it would go now: per node whether it is allowed, its priority, score and the reasons (rules, maintenance). Decides nothing. 409 /problems/not-placed-yet before the manager has seen it.")
    @ApiResponse(responseCode = "200", description = "the explanation",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiResponses.Placement.class)))
    @GetMapping("/{sid}/placement")
    Map<String, Object> placement(@PathVariable String sid) {
        resources.get(sid); // 404 for an unknown resource
        ProxmoxConfigBridge bridge = proxmox.getIfAvailable();
        if (bridge == null && simulated.simulated() && !simulated.leads()) {
            // the explanation comes from the live simulation, which only the active manager runs
            LeaseView v = lease.view();
            throw ApiException.notLeader(v.self(), v.leader(), v.term());
        }
        PlacementExplanation e = bridge != null ? bridge.explain(sid) : simulated.explain(sid);
        if (e == null) {
            throw ApiException.conflict("/problems/not-placed-yet", "resource " + sid + " is not in the manager's "
                    + "status yet (no round has seen it, or no cluster loop runs): ask again after the next round",
                    "sid");
        }
        return PlacementView.of(e);
    }
}
