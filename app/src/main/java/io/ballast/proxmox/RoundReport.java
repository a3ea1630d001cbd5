package io.ballast.proxmox;

import io.ballast.core.RoundOutput;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one round on the Proxmox cluster decided (and, once acted, did).
 *
 * @param now             round time in seconds
 * @param acted           false when the round was skipped (no quorum, no online node)
 * @param reason          why it was skipped, else null
 * @param output          the decision core's output (null when skipped)
 * @param refused         sid → why Ballast does not manage it (e.g. a Proxmox HA resource)
 * @param agentLog        what the agent side did, "node: level: message"
 * @param requestedStates sid → requested state the manager rewrote (a stop command), to persist with the round
 * @param agentTasks      the agents' work after planning, to persist with the round before anything is posted
 */
public record RoundReport(long now, boolean acted, String reason, RoundOutput output, Map<String, String> refused,
                          List<String> agentLog, Map<String, String> requestedStates, List<AgentTask> agentTasks) {
    public RoundReport {
        refused = Map.copyOf(refused);
        agentLog = List.copyOf(agentLog);
        requestedStates = Map.copyOf(requestedStates);
        agentTasks = List.copyOf(agentTasks);
    }

    static RoundReport skipped(long now, String reason) {
        return new RoundReport(now, false, reason, null, Map.of(), List.of(), Map.of(), List.of());
    }

    /** The same round with what the act phase logged appended. */
    public RoundReport withAgentLog(List<String> more) {
        List<String> all = new ArrayList<>(agentLog);
        all.addAll(more);
        return new RoundReport(now, acted, reason, output, refused, all, requestedStates, agentTasks);
    }
}
