package io.ballast.proxmox;

import io.ballast.core.LrmStatus;
import io.ballast.core.ManagerStatus;
import io.ballast.core.ServiceState;
import io.ballast.core.ServiceStatus;
import io.ballast.proxmox.AgentTask.Phase;
import io.ballast.sim.AgentRequest;
import io.ballast.sim.HypervisorPort.AgentLog;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToIntFunction;

/**
 * The nodes' agents (LRMs) on Proxmox, as work that outlives a round: each request of the manager becomes an
 * {@link AgentTask} that is planned while deciding, persisted with the round, then posted; its task is followed in
 * later rounds, never waited for. The result goes back to the manager as the LRM's exit code, as Proxmox's agent
 * reports it in its status. Not thread-safe: the round's caller owns it.
 */
final class PveAgents {

    private final PveHypervisor hypervisor;
    private final GuestConfigMover mover;
    private final long taskTimeoutSeconds;
    private final ToIntFunction<String> maxRestart;
    /** Told the step of every action that did not reach its goal (the service counts them). */
    private java.util.function.Consumer<String> failedSteps = step -> { };
    /** uid → the work on that request. */
    private final Map<String, AgentTask> tasks = new TreeMap<>();
    private long term;

    /** @param maxRestart a resource's {@code max_restart} (local start retries) */
    PveAgents(PveHypervisor hypervisor, GuestConfigMover mover, ProxmoxProperties props,
              ToIntFunction<String> maxRestart) {
        this.maxRestart = maxRestart;
        this.hypervisor = hypervisor;
        this.mover = mover;
        this.taskTimeoutSeconds = props.taskTimeout().toSeconds();
    }

    void onFailedStep(java.util.function.Consumer<String> listener) {
        this.failedSteps = listener;
    }

    /** Continues from persisted work (after a restart, or as a new leader). */
    void restore(List<AgentTask> saved, long term) {
        tasks.clear();
        saved.forEach(t -> tasks.put(t.uid(), t));
        this.term = term;
    }

    List<AgentTask> tasks() {
        return List.copyOf(tasks.values());
    }

    /** Results of finished requests, node → uid → result, as each node's agent reports them. */
    Map<String, Map<String, LrmStatus.LrmResult>> results() {
        Map<String, Map<String, LrmStatus.LrmResult>> out = new TreeMap<>();
        for (AgentTask t : tasks.values()) {
            if (t.done() && !t.step().equals("move-config")) {
                out.computeIfAbsent(t.node(), n -> new TreeMap<>())
                        .put(t.uid(), new LrmStatus.LrmResult(t.sid(), t.exitCode()));
            }
        }
        return out;
    }

    // ---- 1. follow what earlier rounds posted -----------------------------------------------------------

    /** Looks once at every posted step; a step that ended is checked on the guest and the request moves on. */
    void follow(long now, List<String> log) {
        for (AgentTask t : List.copyOf(tasks.values())) {
            if (t.phase() == Phase.POSTING && !t.step().equals("move-config")) {
                // posted by a manager that stopped before it saw the answer: the node's task list decides
                PveTasks.Lookup found = hypervisor.resolve(t, known());
                if (found.upid() != null) {
                    put(t.running(found.upid()));
                    log.add(t.node() + ": info: " + t.sid() + ": following task " + found.upid()
                            + " posted before a restart");
                } else if (found.notStarted()) {
                    put(t.notPosted());
                } else {
                    log.add(t.node() + ": warning: " + t.sid() + ": cannot tell whether the " + t.step()
                            + " posted before a restart started (" + found.unknown() + "); not posting it again yet");
                }
            } else if (t.phase() == Phase.RUNNING) {
                PveTasks.Result r = hypervisor.poll(t.node(), t.upid());
                if (r == null && now - t.postedAt() > taskTimeoutSeconds) {
                    r = new PveTasks.Result(false, "task " + t.upid() + " still running after the task timeout",
                            List.of());
                }
                if (r != null) {
                    ended(t, r, log);
                }
            }
        }
    }

    private void ended(AgentTask t, PveTasks.Result r, List<String> log) {
        AgentLog alog = alog(t.node(), log);
        boolean ok = hypervisor.reached(t, r, alog);
        if (!ok) {
            failedSteps.accept(t.step());
        }
        boolean relocating = t.request().equals(ServiceState.RELOCATE.key())
                || t.request().equals(ServiceState.REQUEST_START_BALANCE.key());
        if ((t.step().equals("shutdown") || t.step().equals("stop")) && relocating) {
            // the first half of a VM's relocation: the offline migration follows once it is off
            put(ok ? t.next("relocate", t.tries()) : t.done(reported(AgentRequest.ended(
                    AgentRequest.Step.RELOCATE, t.sid(), false), alog)));
            return;
        }
        AgentRequest.Step step = switch (t.step()) {
            case "start" -> AgentRequest.Step.START;
            case "stop", "shutdown" -> AgentRequest.Step.STOP;
            case "migrate" -> t.request().equals(ServiceState.MIGRATE.key()) ? AgentRequest.Step.MIGRATE
                    : AgentRequest.Step.RELOCATE;
            default -> AgentRequest.Step.RELOCATE;
        };
        if (ok && t.migration()) {
            alog.log("info", "service " + t.sid() + " - end " + (step == AgentRequest.Step.MIGRATE ? "migrate"
                    : "relocate") + " to node '" + t.target() + "'");
        }
        int code = reported(AgentRequest.ended(step, t.sid(), ok), alog);
        AgentRequest.Restart restart = AgentRequest.restartPolicy(t.sid(), t.request(), code, t.tries(),
                maxRestart.applyAsInt(t.sid()));
        if (restart.message() != null) {
            alog.log(restart.level(), restart.message());
        }
        // max_restart: a failed start is retried locally before the manager hears of it (spec §2.4)
        put(restart.retry() ? t.next("start", restart.tries()) : t.done(restart.code()));
    }

    private static int reported(AgentRequest.Done d, AgentLog log) {
        if (d.message() != null) {
            log.log(d.level(), d.message());
        }
        return d.code();
    }

    // ---- 2. plan the manager's new requests (no I/O: the round's view of the cluster) -------------------------

    /**
     * A recovery moved a guest's configuration off a fenced node: done in the act phase, with the removal of its
     * leftover {@code lock} (null: none).
     */
    void moveConfig(String sid, String from, String to, String lock, long now) {
        String uid = "move-config:" + sid + ":" + now;
        tasks.put(uid, new AgentTask(uid, sid, from, "recovery", "move-config", to, null, lock, Phase.PLANNED, null,
                now, 0, null, List.of(), term));
    }

    /**
     * Plans the work of every request of {@code status} that has none yet, on the nodes online; a request needing no
     * hypervisor step is done at once. Drops finished work of requests the manager no longer makes.
     */
    void plan(ManagerStatus status, Set<String> online, List<String> log) {
        Set<String> uids = new HashSet<>();
        Set<String> movingConfig = new HashSet<>();
        for (AgentTask t : List.copyOf(tasks.values())) {
            if (t.step().equals("move-config")) {
                if (t.done()) {
                    tasks.remove(t.uid());
                } else {
                    movingConfig.add(t.sid());
                }
            }
        }
        for (var e : status.serviceStatus().entrySet()) {
            String sid = e.getKey();
            ServiceStatus s = e.getValue();
            if (s.uid() != null) {
                uids.add(s.uid());
            }
            if (s.node() == null || s.uid() == null || !online.contains(s.node()) || movingConfig.contains(sid)
                    || s.state() == ServiceState.RECOVERY || s.state() == ServiceState.FREEZE
                    || s.state() == ServiceState.FENCE) {
                continue;
            }
            AgentTask had = tasks.get(s.uid());
            // work in progress is never planned over; a finished request is worked again only as the rule says
            if (had == null || had.done() && AgentRequest.work(s.state().key(), true,
                    hypervisor.isRunning(s.node(), sid))) {
                put(work(sid, s, alog(s.node(), log)));
            }
        }
        tasks.values().removeIf(t -> !uids.contains(t.uid()) && !t.step().equals("move-config")
                && (t.done() || t.phase() == Phase.PLANNED));
    }

    /** One request of the manager on its node (spec §1.7): its first step, or its exit code when none is needed. */
    private AgentTask work(String sid, ServiceStatus s, AgentLog log) {
        String node = s.node();
        String configured = hypervisor.configuredNode(sid);
        boolean running = configured != null && hypervisor.isRunning(node, sid);
        AgentRequest.Plan plan = AgentRequest.plan(sid, s.state().key(), s.target(), s.timeout(), node, configured,
                running);
        if (plan instanceof AgentRequest.Done d) {
            return done(sid, s, reported(d, log));
        }
        AgentRequest.Act act = (AgentRequest.Act) plan;
        if (act.message() != null) {
            log.log("info", act.message());
        }
        return switch (act.step()) {
            case START -> step(sid, s, "start", null);
            case STOP -> step(sid, s, s.timeout() != null && s.timeout() == 0 ? "stop" : "shutdown", null);
            case MIGRATE, RELOCATE -> {
                boolean online = act.step() == AgentRequest.Step.MIGRATE;
                log.log("info", "service " + sid + " - start " + (online ? "migrate" : "relocate") + " to node '"
                        + s.target() + "'");
                if (online || sid.startsWith("ct:")) {
                    // containers move by restart migration either way
                    yield step(sid, s, "migrate", s.target());
                }
                // relocation of a VM: shut down, migrate offline, the agent starts it on the target later
                yield step(sid, s, running ? "shutdown" : "relocate", s.target());
            }
        };
    }

    private AgentTask step(String sid, ServiceStatus s, String step, String target) {
        return AgentTask.planned(s.uid(), sid, s.node(), s.state().key(), step, target,
                step.equals("shutdown") && s.state() != ServiceState.RELOCATE ? s.timeout() : null, term);
    }

    private AgentTask done(String sid, ServiceStatus s, int code) {
        return AgentTask.planned(s.uid(), sid, s.node(), s.state().key(), "none", s.target(), null, term).done(code);
    }

    // ---- 3. act: post what fits, each post fenced by the manager lease ---------------------------------------

    /**
     * Posts the planned steps that fit the scheduler's limits (the rest wait for a later round). Each step is
     * recorded as being posted before the post, and with its task after it, both under the lease.
     */
    List<String> act(long now, WorkScheduler scheduler, AgentJournal journal) {
        List<String> log = new ArrayList<>();
        List<WorkScheduler.Job> busy = new ArrayList<>();
        Set<String> busyGuests = new HashSet<>();
        List<AgentTask> planned = new ArrayList<>();
        List<AgentTask> configMoves = new ArrayList<>();
        for (AgentTask t : tasks.values()) {
            if (t.step().equals("move-config")) {
                // a recovery's config move is not a hypervisor task; one left half done is done again (idempotent)
                if (!t.done()) {
                    configMoves.add(t);
                }
            } else if (t.phase() == Phase.RUNNING || t.phase() == Phase.POSTING) {
                busy.add(job(t));
                busyGuests.add(t.sid());
            } else if (t.phase() == Phase.PLANNED) {
                planned.add(t);
            }
        }
        // one task per guest at a time, as Proxmox's agent runs one worker per service: a new request waits
        planned.removeIf(t -> busyGuests.contains(t.sid()));
        planned.sort(Comparator.comparing(AgentTask::sid).thenComparing(AgentTask::uid));
        Map<String, AgentTask> byUid = new TreeMap<>();
        planned.forEach(t -> byUid.put(t.uid(), t));
        List<WorkScheduler.Job> admitted = scheduler.admit(busy, planned.stream().map(PveAgents::job).toList());
        for (AgentTask t : configMoves) {
            moveConfig(t, now, journal, log);
        }
        for (WorkScheduler.Job j : admitted) {
            post(byUid.get(j.id()), now, journal, log);
        }
        return log;
    }

    private static WorkScheduler.Job job(AgentTask t) {
        return new WorkScheduler.Job(t.uid(), t.node(), t.migration());
    }

    private void post(AgentTask t, long now, AgentJournal journal, List<String> log) {
        AgentLog alog = alog(t.node(), log);
        if (already(t)) {
            recorded(t.done(LrmStatus.SUCCESS), journal);
            return;
        }
        AgentTask posting = recorded(t.posting(now, term), journal);
        AgentTask after = journal.fenced(() -> {
            PveHypervisor.Posted p = hypervisor.post(posting, known(), alog);
            if (p.upid() != null) {
                put(posting.running(p.upid()));
            } else {
                // refused outright: the step ended now, and the guest's state still decides (as for any end)
                ended(posting, new PveTasks.Result(false, p.failure(), List.of()), log);
            }
            AgentTask next = tasks.get(posting.uid());
            journal.record(next);
            return next;
        });
        put(after);
    }

    /** The step's goal already holds (a retried start of a guest that came up meanwhile): nothing to post. */
    private boolean already(AgentTask t) {
        boolean running = hypervisor.isRunning(t.node(), t.sid());
        return switch (t.step()) {
            case "start" -> running;
            case "stop", "shutdown" -> !running && hypervisor.configuredNode(t.sid()) != null;
            default -> false;
        };
    }

    /** Config moves of a recovery that failed are tried again in the next rounds, this many times in all. */
    static final int CONFIG_MOVE_TRIES = 3;

    private void moveConfig(AgentTask t, long now, AgentJournal journal, List<String> log) {
        AgentTask posting = recorded(t.posting(now, term), journal);
        AgentTask after = journal.fenced(() -> {
            ClusterObservation.PveGuest g = hypervisor.guest(t.sid());
            String type = g != null ? g.type() : t.sid().startsWith("ct:") ? "lxc" : "qemu";
            int vmid = Integer.parseInt(t.sid().substring(t.sid().indexOf(':') + 1));
            // done again after a crash: a config already on the target counts as moved
            GuestConfigMover.Result moved = t.target().equals(hypervisor.configuredNode(t.sid()))
                    ? GuestConfigMover.Result.of(true) : mover.move(type, vmid, t.node(), t.target());
            AgentTask next;
            if (moved.ok()) {
                hypervisor.configMoved(t.sid(), t.target());
                log.add(t.target() + ": info: recovered config of " + t.sid() + " from '" + t.node() + "'"
                        + moved.output());
                if (t.lock() != null) {
                    unlock(t, type, vmid, log);
                }
                next = posting.done(LrmStatus.SUCCESS);
            } else if (t.tries() + 1 < CONFIG_MOVE_TRIES) {
                log.add(t.target() + ": warning: moving config of " + t.sid() + " from '" + t.node() + "' failed (try "
                        + (t.tries() + 1) + " of " + CONFIG_MOVE_TRIES + ", again next round): " + moved.output());
                next = posting.next("move-config", t.tries() + 1);
            } else {
                log.add(t.target() + ": err: moving config of " + t.sid() + " from '" + t.node() + "' failed "
                        + CONFIG_MOVE_TRIES + " times; the guest needs manual recovery: " + moved.output());
                next = posting.done(LrmStatus.ERROR);
            }
            journal.record(next);
            return next;
        });
        put(after);
    }

    /** Proxmox's HA removes a recovered guest's leftover lock before its start; the API cannot, a command can. */
    private void unlock(AgentTask t, String type, int vmid, List<String> log) {
        GuestConfigMover.Result r = mover.unlock(type, vmid, t.target(), t.lock());
        if (r.ok()) {
            log.add(t.target() + ": info: removed leftover lock '" + t.lock() + "' of " + t.sid() + r.output());
        } else {
            String tool = "lxc".equals(type) ? "pct" : "qm";
            log.add(t.target() + ": err: " + t.sid() + " still has lock '" + t.lock() + "' (" + r.output()
                    + "); remove it on " + t.target() + " with '" + tool + " unlock " + vmid + "'");
        }
    }

    /** Records {@code t} under the lease, in a transaction of its own, before anything is done about it. */
    private AgentTask recorded(AgentTask t, AgentJournal journal) {
        journal.fenced(() -> {
            journal.record(t);
            return null;
        });
        put(t);
        return t;
    }

    private void put(AgentTask t) {
        tasks.put(t.uid(), t);
    }

    /** Every task this agent has followed: a lost answer's task is never mistaken for one of these. */
    private Set<String> known() {
        Set<String> out = new HashSet<>();
        for (AgentTask t : tasks.values()) {
            out.addAll(t.pastUpids());
            if (t.upid() != null) {
                out.add(t.upid());
            }
        }
        return out;
    }

    private static AgentLog alog(String node, List<String> log) {
        return (level, msg) -> log.add(level.isEmpty() ? msg : node + ": " + level + ": " + msg);
    }
}
