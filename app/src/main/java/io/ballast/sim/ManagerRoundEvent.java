package io.ballast.sim;

import io.ballast.core.ManagerStatus;
import io.ballast.core.RoundOutput;

/**
 * One manager round as it happened in the simulated cluster: who was master, when, the status before, and
 * everything the round produced (new status, log lines, effects, decision records).
 */
public record ManagerRoundEvent(String masterNode, long time, ManagerStatus before, RoundOutput output) {
}
