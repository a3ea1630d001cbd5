package io.ballast.sim;

import io.ballast.core.LrmStatus;

/**
 * How a node's agent (LRM) works one request of the manager (spec §1.7, §2.4), written once for every agent: the
 * simulated nodes' {@link LrmDaemon} and the Proxmox adapter's agents. It decides from what the hypervisor shows
 * whether a request needs a hypervisor step or is answered at once, what exit code a step's end means, and when a
 * failed start is retried locally ({@code max_restart}). Messages are Proxmox's agent's own, so logs compare.
 * Pure: the caller does the step and the logging.
 */
public final class AgentRequest {

    private AgentRequest() {
    }

    /** The hypervisor step a request needs. */
    public enum Step {
        START, STOP, MIGRATE, RELOCATE
    }

    /** What the agent does for a request now. */
    public sealed interface Plan {
    }

    /** Nothing to do on the hypervisor: report {@code code}, logging {@code message} at {@code level} if given. */
    public record Done(int code, String level, String message) implements Plan {
        static Done quietly(int code) {
            return new Done(code, null, null);
        }
    }

    /** Run {@code step}, after logging {@code message} (info) if given. */
    public record Act(Step step, String message) implements Plan {
    }

    /**
     * The plan for a request of state {@code requested} for {@code sid} on the agent's {@code node}.
     *
     * @param configured node the guest's configuration is on (null: no such guest)
     * @param running    whether the guest runs on {@code node}
     */
    public static Plan plan(String sid, String requested, String target, Integer timeout, String node,
                            String configured, boolean running) {
        if (!sid.matches("(vm|ct|fa):\\d+")) {
            return new Done(LrmStatus.EUNKNOWN_SERVICE_TYPE, "err", "service type '" + sid.split(":")[0]
                    + "' not implemented");
        }
        if (configured == null) {
            return new Done(LrmStatus.EUNKNOWN_SERVICE, "err", "missing resource configuration for '" + sid + "'");
        }
        if (requested.equals("error")) {
            return new Done(LrmStatus.SUCCESS, "err", "service " + sid + " is in an error state and needs manual"
                    + " intervention. Look up 'ERROR RECOVERY' in the documentation.");
        }
        if (!configured.equals(node)) {
            return new Done(LrmStatus.EWRONG_NODE, "err", "service '" + sid + "' not on this node");
        }
        return switch (requested) {
            case "started" -> running ? Done.quietly(LrmStatus.SUCCESS)
                    : new Act(Step.START, "starting service " + sid);
            case "request_stop", "stopped" -> !running ? Done.quietly(LrmStatus.SUCCESS)
                    : new Act(Step.STOP, timeout != null ? "stopping service " + sid + " (timeout=" + timeout + ")"
                            : "stopping service " + sid);
            case "migrate", "relocate", "request_start_balance" -> {
                if (target == null) {
                    yield Done.quietly(LrmStatus.EINVALID_PARAMETER);
                }
                if (configured.equals(target)) {
                    yield Done.quietly(LrmStatus.SUCCESS);
                }
                if (requested.equals("request_start_balance") && running) {
                    yield new Done(LrmStatus.IGNORED, "info", "ignoring rebalance-on-start for service " + sid
                            + " - already running");
                }
                yield new Act(requested.equals("migrate") ? Step.MIGRATE : Step.RELOCATE, null);
            }
            default -> new Done(LrmStatus.EUNKNOWN_COMMAND, "err", "implement me (cmd '" + requested + "')");
        };
    }

    /**
     * Whether the agent works a request (again): once per request id, since the manager may not have read the
     * result yet; except that a guest requested {@code stopped} that runs again is stopped again.
     *
     * @param reported the agent already reported a result for this request id
     * @param running  the guest runs on the agent's node now
     */
    public static boolean work(String requested, boolean reported, boolean running) {
        return !reported || requested.equals("stopped") && running;
    }

    /** The exit code of a step that ended, and the line the agent logs: {@code reached} is the guest's state. */
    public static Done ended(Step step, String sid, boolean reached) {
        return switch (step) {
            case START -> reached ? new Done(LrmStatus.SUCCESS, "info", "service status " + sid + " started")
                    : new Done(LrmStatus.ERROR, "warning", "unable to start service " + sid);
            case STOP -> reached ? new Done(LrmStatus.SUCCESS, "info", "service status " + sid + " stopped")
                    : new Done(LrmStatus.ERROR, "info", "unable to stop service " + sid + " (still running)");
            case MIGRATE, RELOCATE -> reached ? Done.quietly(LrmStatus.SUCCESS)
                    : new Done(LrmStatus.ERROR, "err", "service " + sid + " not moved (migration error)");
        };
    }

    /**
     * The restart policy after a request ended with {@code code}: a failed start of a {@code started} request is
     * retried locally while {@code tries < maxRestart} ({@link LrmStatus#ETRY_AGAIN}: nothing reported yet).
     *
     * @param tries retries used so far
     * @return the code to report (or ETRY_AGAIN), the retries used after it, and the line to log
     */
    public static Restart restartPolicy(String sid, String requested, int code, int tries, int maxRestart) {
        if (!requested.equals("started")) {
            return new Restart(code, tries, null, null);
        }
        if (code == LrmStatus.SUCCESS) {
            return new Restart(LrmStatus.SUCCESS, 0, null, null);
        }
        if (code != LrmStatus.ERROR) {
            return new Restart(code, tries, null, null);
        }
        if (tries >= maxRestart) {
            return new Restart(LrmStatus.ERROR, 0, "err", "unable to start service " + sid + " on local node after "
                    + tries + " retries");
        }
        return new Restart(LrmStatus.ETRY_AGAIN, tries + 1, "warning", "restart policy: retry number " + (tries + 1)
                + " for service '" + sid + "'");
    }

    /** What the restart policy decided. */
    public record Restart(int code, int tries, String level, String message) {
        public boolean retry() {
            return code == LrmStatus.ETRY_AGAIN;
        }
    }
}
