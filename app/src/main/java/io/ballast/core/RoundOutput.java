package io.ballast.core;

import java.util.List;

/**
 * Result of one manager round.
 *
 * @param status    the new manager status to persist
 * @param log       CRM log lines in emission order
 * @param effects   what the environment must apply (locks, config moves, requested-state rewrites)
 * @param decisions audit records
 */
public record RoundOutput(ManagerStatus status, List<CrmLogLine> log, List<Effect> effects,
                          List<Decision> decisions) {
    public RoundOutput {
        log = List.copyOf(log);
        effects = List.copyOf(effects);
        decisions = List.copyOf(decisions);
    }
}
