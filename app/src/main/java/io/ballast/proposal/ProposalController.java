package io.ballast.proposal;

import io.ballast.core.Proposal;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Rebalancing proposals (automation level partial or manual): list, read, apply, dismiss. */
@RestController
class ProposalController {

    private final ProposalService proposals;

    ProposalController(ProposalService proposals) {
        this.proposals = proposals;
    }

    @GetMapping("/api/v1/proposals")
    List<Map<String, Object>> list(@RequestParam(required = false) String state) {
        return proposals.list(state);
    }

    @GetMapping("/api/v1/proposals/{id}")
    Map<String, Object> get(@PathVariable String id) {
        return proposals.get(id);
    }

    @PostMapping("/api/v1/proposals/{id}/apply")
    Map<String, Object> apply(@PathVariable String id) {
        return proposals.decide(id, Proposal.APPLIED);
    }

    @PostMapping("/api/v1/proposals/{id}/dismiss")
    Map<String, Object> dismiss(@PathVariable String id) {
        return proposals.decide(id, ProposalStore.DISMISSED);
    }
}
