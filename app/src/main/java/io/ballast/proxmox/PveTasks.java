package io.ballast.proxmox;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Follows a Proxmox task by its UPID until it stops; a failure carries the tail of the task log. */
public final class PveTasks {

    /** Lines of the task log kept in a failure report. */
    static final int LOG_TAIL = 5;

    /**
     * End of a task.
     *
     * @param ok         exit status was "OK"
     * @param exitStatus Proxmox's exit status, or why the task could not be followed
     * @param logTail    last lines of the task log (only fetched on failure)
     */
    public record Result(boolean ok, String exitStatus, List<String> logTail) {
        public Result {
            logTail = List.copyOf(logTail);
        }

        public String describe() {
            return exitStatus + (logTail.isEmpty() ? "" : " | " + String.join(" | ", logTail));
        }
    }

    private final PveClient client;
    private final PveClient.Sleeper sleeper;
    private final long pollMillis;
    private final long maxPolls;

    public PveTasks(PveClient client, ProxmoxProperties props, PveClient.Sleeper sleeper) {
        this.client = client;
        this.sleeper = sleeper;
        this.pollMillis = Math.max(1, props.taskPoll().toMillis());
        this.maxPolls = Math.max(1, props.taskTimeout().toMillis() / pollMillis);
    }

    public Result await(String node, String upid) {
        String path = "/nodes/" + node + "/tasks/" + URLEncoder.encode(upid, StandardCharsets.UTF_8);
        for (long poll = 0; poll < maxPolls; poll++) {
            JsonNode st;
            try {
                st = client.get(path + "/status");
            } catch (PveAuthException e) {
                throw e;
            } catch (PveException e) {
                // e.g. the node left the cluster mid-migration: the outcome is unknown, so it is not a success
                return new Result(false, "lost track of task " + upid + ": " + e.getMessage(), List.of());
            }
            if ("stopped".equals(st.path("status").asString(""))) {
                String exit = st.path("exitstatus").asString("unknown");
                if ("OK".equals(exit)) {
                    return new Result(true, exit, List.of());
                }
                return new Result(false, exit, tail(path));
            }
            try {
                sleeper.sleep(java.time.Duration.ofMillis(pollMillis));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Result(false, "interrupted while following task " + upid, List.of());
            }
        }
        return new Result(false, "task " + upid + " still running after the task timeout", tail(path));
    }

    private List<String> tail(String path) {
        List<String> lines = new ArrayList<>();
        try {
            for (JsonNode l : client.get(path + "/log?start=0&limit=10000")) {
                lines.add(l.path("t").asString(""));
            }
        } catch (PveException e) {
            return List.of("(task log unavailable: " + e.getMessage() + ")");
        }
        return lines.subList(Math.max(0, lines.size() - LOG_TAIL), lines.size());
    }
}
