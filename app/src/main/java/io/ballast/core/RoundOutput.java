package io.ballast.core;

import java.util.List;

/**
 * Result of one manager round.
 *
 * @param status    the new manager status to persist
 * @param log       CRM log lines in emission order
 * @param effects   what the environment must apply (locks, config moves, requested-state rewrites)
 * @param decisions audit records
 * @param proposal  the open or applied rebalancing proposal after the round (null: none)
 * @param proposals what the round did with proposals (created, expired, wave started, done), for the store
 */
public record RoundOutput(ManagerStatus status, List<CrmLogLine> log, List<Effect> effects,
                          List<Decision> decisions, Proposal proposal, List<ProposalEvent> proposals) {
    public RoundOutput {
        log = List.copyOf(log);
        effects = List.copyOf(effects);
        decisions = List.copyOf(decisions);
        proposals = List.copyOf(proposals);
    }

    public RoundOutput(ManagerStatus status, List<CrmLogLine> log, List<Effect> effects, List<Decision> decisions) {
        this(status, log, effects, decisions, null, List.of());
    }
}
