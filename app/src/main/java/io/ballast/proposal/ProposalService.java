package io.ballast.proposal;

import io.ballast.audit.AuditLog;
import io.ballast.core.Decision;
import io.ballast.core.Proposal;
import io.ballast.manager.store.DecisionLog;
import io.ballast.web.ApiException;
import io.ballast.web.FieldError;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * An operator's view of and decisions on rebalancing proposals. Apply and dismiss only record the decision (with
 * its audit row, in one transaction); the leader's next round acts on it.
 */
@Service
class ProposalService {

    static final Set<String> STATES = Set.of(Proposal.PROPOSED, Proposal.APPLIED, ProposalStore.DISMISSED,
            ProposalStore.EXPIRED, ProposalStore.DONE);

    private final ProposalStore store;
    private final AuditLog audit;
    private final DecisionLog decisionLog;

    ProposalService(ProposalStore store, AuditLog audit, DecisionLog decisionLog) {
        this.store = store;
        this.audit = audit;
        this.decisionLog = decisionLog;
    }

    @Transactional(readOnly = true)
    public List<Map<String, Object>> list(String state) {
        if (state != null && !STATES.contains(state)) {
            throw ApiException.invalid("state", "must be one of " + new TreeSet<>(STATES) + ", got '" + state + "'");
        }
        return store.list(state).stream().map(ProposalJson::view).toList();
    }

    @Transactional(readOnly = true)
    public Map<String, Object> get(String id) {
        ProposalStore.Row row = store.find(id);
        if (row == null) {
            throw ApiException.notFound("proposal", id);
        }
        return ProposalJson.view(row);
    }

    /** {@code applied} or {@code dismissed}, only from {@code proposed}; 404 unknown, 409 any other state. */
    @Transactional
    public Map<String, Object> decide(String id, String next) {
        ProposalStore.Row row = store.findForUpdate(id);
        if (row == null) {
            throw ApiException.notFound("proposal", id);
        }
        String verb = Proposal.APPLIED.equals(next) ? "apply" : "dismiss";
        if (!Proposal.PROPOSED.equals(row.state())) {
            String why = switch (row.state()) {
                case ProposalStore.EXPIRED -> "it expired: " + row.expiresReason();
                case ProposalStore.DISMISSED -> "it was dismissed by " + row.decidedBy();
                case Proposal.APPLIED -> "it was already applied by " + row.decidedBy();
                default -> "it is " + row.state();
            };
            throw new ApiException(HttpStatus.CONFLICT, "/problems/proposal-" + row.state(),
                    "cannot " + verb + " proposal '" + id + "': " + why, List.of(new FieldError("state",
                    "is '" + row.state() + "', must be 'proposed'")), Map.of("state", row.state()));
        }
        String actor = AuditLog.actor();
        store.decide(id, next, actor);
        audit.config("proposal", id, verb, Map.of("state", row.state()), Map.of("state", next));
        decisionLog.operatorDecided(new Decision(id, "api", verb, "proposal " + id + " " + next + " by " + actor),
                actor);
        return ProposalJson.view(store.find(id));
    }
}
