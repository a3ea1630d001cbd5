package io.ballast.proxmox;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Follows a Proxmox task by its UPID until it stops. {@code OK} and {@code WARNINGS: N} are successes, as in
 * Proxmox's own check of a task's exit status; anything else is a failure. Failures and warnings carry the tail
 * of the task log.
 */
public final class PveTasks {

    /** Lines of the task log kept in a failure report. */
    static final int LOG_TAIL = 5;

    /**
     * End of a task.
     *
     * @param ok         exit status was "OK" or "WARNINGS: N"
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

    /**
     * What a search for the task of an ambiguous POST found.
     *
     * @param upid    the task, when found
     * @param unknown why nobody can tell, when neither found nor provably not started
     */
    public record Lookup(String upid, String unknown) {
        static final Lookup NOT_STARTED = new Lookup(null, null);

        public boolean notStarted() {
            return upid == null && unknown == null;
        }
    }

    /** Task start times come from the node's clock: tolerate this much difference to ours. */
    static final long CLOCK_SKEW_SECONDS = 60;

    private final PveClient client;
    private final PveClient.Sleeper sleeper;
    private final String tokenId;
    private final long pollMillis;
    private final long maxPolls;

    public PveTasks(PveClient client, ProxmoxProperties props, PveClient.Sleeper sleeper) {
        this.client = client;
        this.sleeper = sleeper;
        this.tokenId = props.tokenId();
        this.pollMillis = Math.max(1, props.taskPoll().toMillis());
        this.maxPolls = Math.max(1, props.taskTimeout().toMillis() / pollMillis);
    }

    /** Follows a task until it stops (or the task timeout passes); blocks, so only for one-off callers. */
    public Result await(String node, String upid) {
        for (long poll = 0; poll < maxPolls; poll++) {
            Result r = poll(node, upid);
            if (r != null) {
                return r;
            }
            if (!pause()) {
                return new Result(false, "interrupted while following task " + upid, List.of());
            }
        }
        return timedOut(node, upid);
    }

    /** One look at a task: its end, or null while it runs. A task that cannot be read any more is a failure. */
    public Result poll(String node, String upid) {
        String path = path(node, upid);
        JsonNode st;
        try {
            st = client.get(path + "/status");
        } catch (PveAuthException e) {
            throw e;
        } catch (PveException e) {
            // e.g. the node left the cluster mid-migration: the outcome is unknown, so it is not a success
            return new Result(false, "lost track of task " + upid + ": " + e.getMessage(), List.of());
        }
        if (!"stopped".equals(st.path("status").asString(""))) {
            return null;
        }
        String exit = st.path("exitstatus").asString("unknown");
        if ("OK".equals(exit)) {
            return new Result(true, exit, List.of());
        }
        return new Result(succeeded(exit), exit, tail(path));
    }

    /** A task still running this long after it was posted is given up (reported as a failure). */
    public Result timedOut(String node, String upid) {
        return new Result(false, "task " + upid + " still running after the task timeout", tail(path(node, upid)));
    }

    private static String path(String node, String upid) {
        return "/nodes/" + node + "/tasks/" + URLEncoder.encode(upid, StandardCharsets.UTF_8);
    }

    /**
     * After an ambiguous POST: the task of kind {@code kind} ("qmigrate", "vzstart", ...) for guest {@code vmid} that
     * this token started since {@code since} (epoch seconds) and that is not in {@code known}. Reads the node's own
     * task list, which is the only proof that a task was not started; when the node cannot answer, the cluster's
     * task list can still find the task but not prove its absence. Looks a second time one poll later, because the
     * node may fork the worker after the proxy gave up on the answer.
     */
    public Lookup find(String node, String kind, int vmid, long since, Set<String> known) {
        for (int look = 0; look < 2; look++) {
            if (look > 0 && !pause()) {
                return new Lookup(null, "interrupted");
            }
            JsonNode list;
            boolean authoritative = true;
            try {
                list = client.getBounded("/nodes/" + node + "/tasks?vmid=" + vmid + "&typefilter=" + kind
                        + "&source=all&limit=50");
            } catch (PveAuthException e) {
                throw e;
            } catch (PveException e) {
                try {
                    list = client.getBounded("/cluster/tasks");
                    authoritative = false;
                } catch (PveAuthException e2) {
                    throw e2;
                } catch (PveException e2) {
                    return new Lookup(null, "task lists unreadable: " + e.getMessage());
                }
            }
            for (JsonNode t : list) {
                String upid = t.path("upid").asString("");
                if (kind.equals(t.path("type").asString("")) && String.valueOf(vmid).equals(t.path("id").asString(""))
                        && tokenId.equals(t.path("user").asString("")) && !known.contains(upid)
                        && t.path("starttime").asLong(0) >= since - CLOCK_SKEW_SECONDS) {
                    return new Lookup(upid, null);
                }
            }
            if (!authoritative) {
                return new Lookup(null, "node " + node + " did not list its tasks and the cluster list has none");
            }
        }
        return Lookup.NOT_STARTED;
    }

    private boolean pause() {
        try {
            sleeper.sleep(java.time.Duration.ofMillis(pollMillis));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Proxmox's reading of a stopped task's exit status: warnings do not make a task fail. */
    static boolean succeeded(String exitStatus) {
        return "OK".equals(exitStatus) || exitStatus.matches("WARNINGS: \\d+");
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
