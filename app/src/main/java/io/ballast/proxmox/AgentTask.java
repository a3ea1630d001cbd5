package io.ballast.proxmox;

import java.util.ArrayList;
import java.util.List;

/**
 * One request of the manager (a service status with its {@code uid}) as the node's agent works it off on Proxmox:
 * which hypervisor step it is on, the task that step runs as, and the LRM exit code once it is done. It is
 * persisted before anything is posted, so a restarted Ballast or a new leader resumes following the task
 * instead of posting it again.
 *
 * @param uid       the manager's request id (a config move of a recovery uses {@code move-config:<sid>:<time>})
 * @param sid       the guest
 * @param node      the node whose agent works the request (where the guest was when it was asked)
 * @param request   the requested service state ({@code started}, {@code migrate}, ...), to tell a new request apart
 * @param step      the hypervisor step: {@code start}, {@code stop} (hard), {@code shutdown}, {@code migrate}
 *                  (live when the guest runs), {@code relocate} (offline), {@code move-config}, or {@code none}
 * @param target    target node of a move, else null
 * @param timeout   shutdown timeout in seconds of a stop request (null: the configured default)
 * @param lock      a recovery's leftover guest lock to remove after the config move (null: none)
 * @param phase     where the step is
 * @param upid      the step's Proxmox task, once posted
 * @param postedAt  epoch seconds the step was (to be) posted, to find its task when the answer was lost
 * @param tries     start retries used (max_restart)
 * @param exitCode  LRM exit code when {@link Phase#DONE}
 * @param pastUpids tasks of earlier steps and tries of this request: never mistaken for the current one
 * @param term      the manager term that planned or last posted it
 */
public record AgentTask(String uid, String sid, String node, String request, String step, String target,
                        Integer timeout, String lock, Phase phase, String upid, long postedAt, int tries, Integer exitCode,
                        List<String> pastUpids, long term) {

    public enum Phase {
        /** Decided and persisted, not posted yet. */
        PLANNED,
        /** Being posted: the answer may have been lost, so the node's task list decides before posting again. */
        POSTING,
        /** Posted; {@code upid} is followed every round. */
        RUNNING,
        /** Finished with {@code exitCode}; reported to the manager until it drops the request. */
        DONE
    }

    public AgentTask {
        pastUpids = pastUpids == null ? List.of() : List.copyOf(pastUpids);
    }

    public static AgentTask planned(String uid, String sid, String node, String request, String step, String target,
                                    Integer timeout, long term) {
        return new AgentTask(uid, sid, node, request, step, target, timeout, null, Phase.PLANNED, null, 0, 0, null,
                List.of(), term);
    }

    public AgentTask posting(long now, long term) {
        return new AgentTask(uid, sid, node, request, step, target, timeout, lock, Phase.POSTING, null, now, tries, null,
                pastUpids, term);
    }

    public AgentTask running(String upid) {
        return new AgentTask(uid, sid, node, request, step, target, timeout, lock, Phase.RUNNING, upid, postedAt, tries,
                null, pastUpids, term);
    }

    /** Back to planned: the node's task list proved the post never arrived. */
    public AgentTask notPosted() {
        return new AgentTask(uid, sid, node, request, step, target, timeout, lock, Phase.PLANNED, null, 0, tries, null,
                pastUpids, term);
    }

    public AgentTask done(int code) {
        return new AgentTask(uid, sid, node, request, step, target, timeout, lock, Phase.DONE, null, postedAt, tries, code,
                withPast(), term);
    }

    /** The next step of the same request (a retry of a start, or the move after a relocation's shutdown). */
    public AgentTask next(String nextStep, int nextTries) {
        return new AgentTask(uid, sid, node, request, nextStep, target, timeout, lock, Phase.PLANNED, null, 0, nextTries,
                null, withPast(), term);
    }

    private List<String> withPast() {
        if (upid == null) {
            return pastUpids;
        }
        List<String> out = new ArrayList<>(pastUpids);
        out.add(upid);
        return out;
    }

    public boolean done() {
        return phase == Phase.DONE;
    }

    /** A move between nodes (counted against the cluster's concurrent-migration limit). */
    public boolean migration() {
        return step.equals("migrate") || step.equals("relocate");
    }
}
