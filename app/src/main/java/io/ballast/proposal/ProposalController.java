package io.ballast.proposal;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.ballast.web.ApiResponses;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.ballast.core.Proposal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Rebalancing proposals (automation level partial or manual): list, read, apply, dismiss. */
@RestController
@Tag(name = "proposals")
class ProposalController {

    /** An id as the manager writes them (round and digest of the basis). */
    private static final String ID_EXAMPLE = "p120-8b128724";

    private final ProposalService proposals;

    ProposalController(ProposalService proposals) {
        this.proposals = proposals;
    }

    @Operation(operationId = "listProposals", summary = "List rebalancing proposals",
            description = "Newest first; ?state= proposed|applied|dismissed|expired|done. At automation level partial or manual the manager proposes rebalancing instead of running it: each proposal lists its waves, each move's reason and the imbalance expected after each wave.")
    @ApiResponse(responseCode = "200", description = "newest first",
            content = @Content(mediaType = "application/json", array = @ArraySchema(schema = @Schema(implementation = ApiResponses.Proposal.class))))
    @GetMapping("/api/v1/proposals")
    List<Map<String, Object>> list(@Parameter(example = "proposed") @RequestParam(required = false) String state) {
        return proposals.list(state);
    }

    @Operation(operationId = "getProposal", summary = "Read a rebalancing proposal",
            description = "The proposal with its waves, state, who decided it and why it expired. 404 for an unknown id.")
    @ApiResponse(responseCode = "200", description = "the proposal",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiResponses.Proposal.class)))
    @GetMapping("/api/v1/proposals/{id}")
    Map<String, Object> get(@Parameter(example = ID_EXAMPLE) @PathVariable String id) {
        return proposals.get(id);
    }

    @Operation(operationId = "applyProposal", summary = "Apply a rebalancing proposal",
            description = "Records the operator's approval; the leader's next rounds run the waves one after the other. Only a proposal in state proposed: otherwise 409 /problems/proposal-<state> (expired when the cluster changed). 404 for an unknown id. Audited with the token's name.")
    @ApiResponse(responseCode = "200", description = "the proposal, now applied",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiResponses.Proposal.class)))
    @PostMapping("/api/v1/proposals/{id}/apply")
    Map<String, Object> apply(@Parameter(example = ID_EXAMPLE) @PathVariable String id) {
        return proposals.decide(id, Proposal.APPLIED);
    }

    @Operation(operationId = "dismissProposal", summary = "Dismiss a rebalancing proposal",
            description = "Nothing moves; the same proposal is not offered again until the cluster changes. Only a proposal in state proposed (409 otherwise, 404 unknown id). Audited with the token's name.")
    @ApiResponse(responseCode = "200", description = "the proposal, now dismissed",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiResponses.Proposal.class)))
    @PostMapping("/api/v1/proposals/{id}/dismiss")
    Map<String, Object> dismiss(@Parameter(example = ID_EXAMPLE) @PathVariable String id) {
        return proposals.decide(id, ProposalStore.DISMISSED);
    }
}
