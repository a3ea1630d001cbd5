package io.ballast.sim;

import java.util.List;
import java.util.Map;

import io.ballast.core.ManagerStatus;

/**
 * Outcome of one simulated case.
 *
 * @param logLines      the log in {@code log.expect} layout (FORMAT.md §5.1), first line "starting simulation"
 * @param endTime       simulated time of the last line
 * @param completed     true when the script ran out and the end rule fired ("exit simulation - done")
 * @param error         why the simulation stopped early, or null
 * @param managerStatus the last persisted manager status
 * @param serviceNodes  sid → configured node at the end
 */
public record SimulationResult(List<String> logLines, long endTime, boolean completed, String error,
        ManagerStatus managerStatus, Map<String, String> serviceNodes, io.ballast.core.RoundInput finalInput) {

    public SimulationResult {
        logLines = List.copyOf(logLines);
        serviceNodes = Map.copyOf(serviceNodes);
    }

    public SimulationResult(List<String> logLines, long endTime, boolean completed, String error,
                            ManagerStatus managerStatus, Map<String, String> serviceNodes) {
        this(logLines, endTime, completed, error, managerStatus, serviceNodes, null);
    }

    /** The log as one text with a trailing newline, byte-comparable to a {@code log.expect} file. */
    public String logText() {
        return logLines.isEmpty() ? "" : String.join("\n", logLines) + "\n";
    }
}
