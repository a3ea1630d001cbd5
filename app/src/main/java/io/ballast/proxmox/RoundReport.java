package io.ballast.proxmox;

import io.ballast.core.RoundOutput;
import java.util.List;
import java.util.Map;

/**
 * What one round on the Proxmox cluster did.
 *
 * @param now       round time in seconds
 * @param acted     false when the round was skipped (no quorum, no online node)
 * @param reason    why it was skipped, else null
 * @param output    the decision core's output (null when skipped)
 * @param refused   sid → why Ballast does not manage it (e.g. a Proxmox HA resource)
 * @param agentLog  what the agent side did, "node: level: message", in execution order per wave
 */
public record RoundReport(long now, boolean acted, String reason, RoundOutput output, Map<String, String> refused,
                          List<String> agentLog) {
    public RoundReport {
        refused = Map.copyOf(refused);
        agentLog = List.copyOf(agentLog);
    }
}
