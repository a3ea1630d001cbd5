package io.ballast.sim;

import java.util.Map;

/** What an LRM last wrote as its status (state, mode, results by request id, time). */
public record LrmReport(String state, String mode, Map<String, Result> results, long timestamp) {

    public LrmReport {
        results = Map.copyOf(results);
    }

    /** Result of one request: the service, the requested state it executed, and the exit code. */
    public record Result(String sid, String state, int exitCode) {
    }
}
