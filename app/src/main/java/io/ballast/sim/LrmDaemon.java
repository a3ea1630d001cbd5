package io.ballast.sim;

import io.ballast.core.LrmStatus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.ballast.sim.SimCase.ServiceSpec;

/**
 * A node's local resource manager (spec §1.4, §2.4, §7.3): holds the node's agent lock and watchdog while it
 * has work, executes the manager's requests for its node through the {@link HypervisorPort}, retries failed
 * starts up to {@code max_restart} times, reports results by request id, and applies the shutdown policy.
 */
final class LrmDaemon {

    private static final int SUCCESS = LrmStatus.SUCCESS;
    private static final int ETRY_AGAIN = LrmStatus.ETRY_AGAIN;

    /** Rounds without any service on the node before the agent lock is given up. */
    static final int MAX_ACTIVE_IDLE_ROUNDS = 60;

    private static final class Worker {
        final String sid;
        final String uid;
        final String state;
        final String target;
        final Integer timeout;
        int startTries;
        /** With action durations: the action is under way and completes at {@code finishAt}. */
        boolean started;
        long finishAt;

        Worker(String sid, String uid, String state, String target, Integer timeout) {
            this.sid = sid;
            this.uid = uid;
            this.state = state;
            this.target = target;
            this.timeout = timeout;
        }
    }

    private final DaemonEnv env;
    private final SimCluster cluster;
    private final HypervisorPort hypervisor;
    private String state = "startup";
    private long stateChangeTime;
    private String mode = "active";
    private final Map<String, Worker> workers = new TreeMap<>();
    private Map<String, LrmReport.Result> results = new LinkedHashMap<>();
    private final Map<String, Integer> restartTries = new HashMap<>();
    private Long shutdownRequest;
    private int shutdownErrors;
    private int activeIdleRounds;
    private String watchdog;
    private Map<String, ServiceOrder> serviceStatus = Map.of();
    private String nodeStatus = "unknown";
    private boolean manualMaintenance;
    private boolean disarmRequested;

    LrmDaemon(DaemonEnv env) {
        this.env = env;
        this.cluster = env.cluster;
        this.hypervisor = env.cluster.hypervisor;
        setState("wait_for_agent_lock");
    }

    String state() {
        return state;
    }

    String mode() {
        return mode;
    }

    private void setState(String next) {
        if (state.equals(next)) {
            return;
        }
        env.log("info", "status change " + state + " => " + next);
        state = next;
        stateChangeTime = env.time;
    }

    // ---- shutdown / restart request ----------------------------------------------------------------

    void shutdownRequest() {
        if (shutdownRequest != null) {
            return;
        }
        String target = cluster.hw.get(env.node).shutdown;
        boolean shutdown = target != null;
        boolean reboot = "reboot".equals(target);
        String policy = cluster.shutdownPolicy;
        if (shutdown) {
            env.log("info", "got shutdown request with shutdown policy '" + policy + "'");
        }
        boolean freezeAll;
        boolean maintenance = false;
        switch (policy) {
            case "conditional" -> freezeAll = reboot;
            case "freeze" -> freezeAll = true;
            case "failover" -> freezeAll = false;
            case "migrate" -> {
                freezeAll = false;
                maintenance = true;
            }
            default -> {
                env.log("err", "unknown shutdown policy '" + policy + "', fall back to conditional");
                freezeAll = reboot;
            }
        }
        String type = reboot ? "reboot" : "shutdown";
        if (shutdown && mode.equals("maintenance")) {
            // a manual maintenance request wins over the policy: the node drains, then the LRM exits
            if (maintenance) {
                env.log("info", type + " LRM, ignore maintenance policy, already in maintenance mode");
            } else {
                env.log("info", type + " LRM, ignore " + policy + " policy as manual maintenance mode is enabled");
            }
        } else {
            if (!maintenance && shutdown) {
                // always stop everything on a node that goes down, whatever the flavour
                for (var e : serviceStatus.entrySet()) {
                    if (env.node.equals(e.getValue().node())) {
                        queue(e.getKey(), null, "request_stop", null, null);
                    }
                }
            }
            if (shutdown) {
                if (maintenance) {
                    env.log("info", type + " LRM, doing maintenance, removing this node from active list");
                    mode = "maintenance";
                } else if (freezeAll) {
                    env.log("info", type + " LRM, stop and freeze all services");
                    mode = "restart";
                } else {
                    env.log("info", "shutdown LRM, stop all services");
                    mode = "shutdown";
                }
            } else {
                env.log("info", "restart LRM, freeze all services");
                mode = "restart";
            }
        }
        shutdownRequest = env.time;
        if (!updateLrmStatus()) {
            env.log("err", "unable to update lrm status file - not quorate?");
        }
    }

    // ---- status exchange ---------------------------------------------------------------------------

    private boolean updateLrmStatus() {
        if (!env.quorate()) {
            return false;
        }
        if (!env.cfsReadable()) {
            env.log("err", "unable to write lrm status file - " + DaemonEnv.CFS_ERROR);
            return false;
        }
        cluster.lrmStatus.put(env.node, new LrmReport(state, mode, results, env.time));
        return true;
    }

    private boolean updateServiceStatus() {
        if (!env.cfsReadable()) {
            env.log("err", "updating service status from manager failed: " + DaemonEnv.CFS_ERROR);
            return false;
        }
        serviceStatus = cluster.serviceOrders();
        var ms = cluster.managerStatus;
        var ns = ms.nodeStatus().get(env.node);
        nodeStatus = ns == null ? "unknown" : ns.key();
        manualMaintenance = ms.maintenanceRequests().contains(env.node);
        disarmRequested = ms.disarm() != null;
        if (manualMaintenance) {
            mode = "maintenance";
        } else if (mode.equals("maintenance") && shutdownRequest == null) {
            mode = "active";
        }
        if (disarmRequested && mode.equals("active")) {
            mode = "disarm";
        } else if (!disarmRequested && mode.equals("disarm")) {
            mode = "active";
        }
        return true;
    }

    private boolean fenceRequested() {
        return countFenced() > 0 || nodeStatus.equals("fence");
    }

    private int countFenced() {
        int n = 0;
        for (ServiceOrder o : serviceStatus.values()) {
            if (env.node.equals(o.node()) && "fence".equals(o.state())) {
                n++;
            }
        }
        return n;
    }

    /** Services this agent must look after: on this node (or moving here) and not stopped/frozen/erroneous. */
    private int activeServiceCount() {
        int n = 0;
        for (ServiceOrder o : serviceStatus.values()) {
            if (!env.node.equals(o.node()) && !env.node.equals(o.target())) {
                continue;
            }
            String s = o.state();
            if (s == null || s.equals("stopped") || s.equals("freeze") || s.equals("error")) {
                continue;
            }
            n++;
        }
        return n;
    }

    /** Whether the agent still has something to look after: an active service or a queued/running worker. */
    boolean hasWork() {
        return activeServiceCount() > 0 || !workers.isEmpty();
    }

    private boolean hasConfiguredServiceOnNode() {
        for (ServiceOrder o : serviceStatus.values()) {
            if (env.node.equals(o.node()) || env.node.equals(o.target())) {
                return true;
            }
        }
        return false;
    }

    private boolean protectedAgentLock() {
        if (!cluster.getLock(env, SimCluster.agentLockName(env.node))) {
            return false;
        }
        if (watchdog != null) {
            cluster.watchdogUpdate(watchdog, env.time);
        } else {
            watchdog = cluster.watchdogOpen(env.node);
        }
        return true;
    }

    private void giveUpWatchdog() {
        if (watchdog != null) {
            cluster.watchdogClose(watchdog);
            watchdog = null;
        }
    }

    private void releaseAgentLock() {
        cluster.releaseLock(env, SimCluster.agentLockName(env.node));
    }

    /**
     * A maintenance agent without services or workers left has nothing to protect (spec §7.1): lock and
     * watchdog go, disarmed or not, and the node stays in maintenance; cut off now, it is not reset.
     */
    private void releaseDrained() {
        giveUpWatchdog();
        releaseAgentLock();
    }

    // ---- one iteration ---------------------------------------------------------------------------------

    /** Runs one iteration; false when the daemon exits. */
    boolean iterate() {
        env.loopStart();
        boolean clusterStateUpdate = env.clusterStateUpdate();
        boolean res = work(clusterStateUpdate);
        env.loopEnd();
        return res;
    }

    private boolean work(boolean clusterStateUpdate) {
        if (!cluster.lrmWroteStatusAtStartup) {
            if (updateLrmStatus()) {
                cluster.lrmWroteStatusAtStartup = true;
            } else {
                return shutdownRequest == null;
            }
        }
        updateServiceStatus();
        boolean fence = fenceRequested();

        switch (state) {
            case "wait_for_agent_lock" -> {
                // the mode, not the disarm request, keeps a disarmed agent idle: a reboot or shutdown request
                // replaces mode disarm, so the agent takes its lock to stop its services (and report restart)
                if (!fence && !mode.equals("disarm") && activeServiceCount() > 0 && env.quorate()
                        && protectedAgentLock()) {
                    setState("active");
                }
            }
            case "lost_agent_lock" -> {
                if (!fence && env.quorate() && protectedAgentLock()) {
                    setState("active");
                }
            }
            case "active" -> {
                if (fence) {
                    env.log("err", "node need to be fenced - releasing agent_lock");
                    setState("lost_agent_lock");
                } else if (!protectedAgentLock()) {
                    setState("lost_agent_lock");
                } else if (mode.equals("maintenance")) {
                    setState("maintenance");
                    if (!hasWork()) {
                        releaseDrained();
                    }
                } else if (mode.equals("disarm") && workers.isEmpty()) {
                    env.log("info", "HA disarm requested, releasing agent lock and watchdog");
                    releaseAgentLock();
                    giveUpWatchdog();
                    setState("wait_for_agent_lock");
                } else if (!hasConfiguredServiceOnNode() && runWorkers() == 0) {
                    activeIdleRounds++;
                    if (activeIdleRounds > MAX_ACTIVE_IDLE_ROUNDS) {
                        env.log("info", "node had no service configured for " + MAX_ACTIVE_IDLE_ROUNDS
                                + " rounds, going idle.");
                        releaseAgentLock();
                        giveUpWatchdog();
                        setState("wait_for_agent_lock");
                        activeIdleRounds = 0;
                    }
                } else if (activeIdleRounds > 0) {
                    activeIdleRounds = 0;
                }
            }
            case "maintenance" -> {
                if (fence) {
                    env.log("err", "node need to be fenced during maintenance mode - releasing agent_lock");
                    setState("lost_agent_lock");
                } else if (!mode.equals("maintenance") && disarmRequested) {
                    env.log("info", "HA disarm requested during maintenance, releasing agent lock and watchdog");
                    releaseAgentLock();
                    giveUpWatchdog();
                    setState("wait_for_agent_lock");
                } else if (!mode.equals("maintenance")) {
                    setState(protectedAgentLock() ? "active" : "lost_agent_lock");
                } else if (!hasWork()) {
                    // decided here too, not only after the status read of the work step, so that an unreadable
                    // cluster filesystem cannot leave an unrenewed watchdog behind
                    releaseDrained();
                } else if (!protectedAgentLock()) {
                    // work left, or back: lock and watchdog are held, or taken again
                    setState("lost_agent_lock");
                }
            }
            default -> throw new IllegalStateException("unexpected LRM state " + state);
        }

        switch (state) {
            case "wait_for_agent_lock" -> {
                if (shutdownRequest != null) {
                    return false;
                }
                updateLrmStatus();
            }
            case "active" -> {
                boolean exit = false;
                if (updateServiceStatus()) {
                    if (shutdownRequest != null) {
                        if (mode.equals("restart")) {
                            int running = runWorkers();
                            if (activeServiceCount() == 0 && running == 0) {
                                giveUpWatchdog();
                                exit = true;
                                releaseAgentLock();
                            }
                        } else if (runWorkers() == 0) {
                            if (shutdownErrors == 0) {
                                giveUpWatchdog();
                                releaseAgentLock();
                            }
                            exit = true;
                        }
                    } else if (!clusterStateUpdate) {
                        env.log("notice", "temporary inconsistent cluster state (cfs restart?), skip round");
                    } else {
                        manageResources();
                    }
                }
                updateLrmStatus();
                if (exit) {
                    return false;
                }
            }
            case "lost_agent_lock" -> {
                if (shutdownRequest != null) {
                    int count = activeServiceCount();
                    if (count > 0) {
                        env.log("err", "got shutdown request in state 'lost_agent_lock' - detected " + count
                                + " running services");
                        if (mode.equals("restart") && env.time - stateChangeTime > 90) {
                            env.log("err", "lost agent lock and restart request for over 90 seconds - giving up!");
                            return false;
                        }
                    } else {
                        giveUpWatchdog();
                        return false;
                    }
                }
            }
            case "maintenance" -> {
                if (!updateServiceStatus()) {
                    return true;
                }
                boolean exit = false;
                if (activeServiceCount() == 0 && runWorkers() == 0) {
                    releaseDrained();
                    exit = shutdownRequest != null;
                }
                if (!exit) {
                    manageResources();
                }
                updateLrmStatus();
                if (exit) {
                    return false;
                }
            }
            default -> throw new IllegalStateException("unexpected LRM state " + state);
        }
        return true;
    }

    // ---- executing requests ------------------------------------------------------------------------------

    private void manageResources() {
        restartTries.keySet().removeIf(sid -> !serviceStatus.containsKey(sid));
        for (var e : serviceStatus.entrySet()) {
            ServiceOrder o = e.getValue();
            if (o.node() == null || o.uid() == null || !o.node().equals(env.node) || o.state() == null) {
                continue;
            }
            if (o.state().equals("recovery") || o.state().equals("freeze")) {
                continue;
            }
            queue(e.getKey(), o.uid(), o.state(), o.target(), o.timeout());
        }
        runWorkers();
    }

    private void queue(String sid, String uid, String requested, String target, Integer timeout) {
        if (uid != null && !AgentRequest.work(requested, results.containsKey(uid),
                hypervisor.isRunning(env.node, sid))) {
            return;
        }
        Worker current = workers.get(sid);
        if (current != null && current.started) {
            return; // an action under way is not interrupted
        }
        workers.put(sid, new Worker(sid, uid, requested, target, timeout));
    }

    /** Executes queued requests (they complete at once in the simulator); returns the number still queued. */
    private int runWorkers() {
        int maxWorkers = Math.max(1, cluster.maxWorkers);
        if (cluster.durations != null) {
            return runTimedWorkers(maxWorkers, cluster.durations);
        }
        while (!workers.isEmpty()) {
            List<Worker> batch = new ArrayList<>(workers.values());
            batch.sort(Comparator.comparingInt((Worker w) -> -w.startTries).thenComparing(w -> w.sid));
            batch.forEach(w -> w.startTries++);
            for (Worker w : batch.subList(0, Math.min(maxWorkers, batch.size()))) {
                int res = execute(w);
                workers.remove(w.sid);
                if (w.uid != null) {
                    commandFinished(w, res);
                } else if (res != SUCCESS) {
                    shutdownErrors++;
                }
            }
        }
        return workers.size();
    }

    /**
     * Actions with durations: finish those that are due, then start waiting ones while fewer than
     * {@code maxWorkers} run. Requests with nothing to do (already running, already stopped, already
     * there) complete at once, like a status check would.
     */
    private int runTimedWorkers(int maxWorkers, ActionDurations durations) {
        for (Worker w : new ArrayList<>(workers.values())) {
            if (w.started && env.time >= w.finishAt) {
                finish(w);
            }
        }
        List<Worker> waiting = new ArrayList<>();
        int running = 0;
        for (Worker w : workers.values()) {
            if (w.started) {
                running++;
            } else {
                waiting.add(w);
            }
        }
        waiting.sort(Comparator.comparingInt((Worker w) -> -w.startTries).thenComparing(w -> w.sid));
        for (Worker w : waiting) {
            w.startTries++;
            if (!needsWork(w)) {
                finish(w);
            } else if (running < maxWorkers) {
                w.started = true;
                w.finishAt = env.time + durations.of(w.state);
                running++;
                if (w.finishAt <= env.time) {
                    finish(w);
                    running--;
                }
            }
        }
        return workers.size();
    }

    private boolean needsWork(Worker w) {
        String node = hypervisor.configuredNode(w.sid);
        if (node == null || !node.equals(env.node)) {
            return false; // fails (or is ignored) at once
        }
        boolean running = hypervisor.isRunning(env.node, w.sid);
        return switch (w.state) {
            case "started" -> !running;
            case "request_stop", "stopped" -> running;
            case "migrate", "relocate", "request_start_balance" -> w.target != null && !w.target.equals(node);
            default -> false;
        };
    }

    private void finish(Worker w) {
        int res = execute(w);
        workers.remove(w.sid);
        if (w.uid != null) {
            commandFinished(w, res);
        } else if (res != SUCCESS) {
            shutdownErrors++;
        }
    }

    private void commandFinished(Worker w, int exitCode) {
        int code = handleExitCode(w.sid, w.state, exitCode);
        if (code == ETRY_AGAIN) {
            return;
        }
        results.put(w.uid, new LrmReport.Result(w.sid, w.state, code));
        // keep only results the manager can still match
        Map<String, LrmReport.Result> valid = new LinkedHashMap<>();
        for (ServiceOrder o : serviceStatus.values()) {
            if (o.uid() != null && results.containsKey(o.uid())) {
                valid.put(o.uid(), results.get(o.uid()));
            }
        }
        results = valid;
    }

    private int handleExitCode(String sid, String requested, int exitCode) {
        ServiceSpec conf = cluster.services.get(sid);
        int maxRestart = conf == null ? 0 : conf.maxRestart();
        AgentRequest.Restart r = AgentRequest.restartPolicy(sid, requested, exitCode,
                restartTries.getOrDefault(sid, 0), maxRestart);
        if (requested.equals("started")) {
            restartTries.put(sid, r.tries());
        }
        if (r.message() != null) {
            env.log(r.level(), r.message());
        }
        return r.code();
    }

    private int execute(Worker w) {
        String sid = w.sid;
        String configured = hypervisor.configuredNode(sid);
        boolean running = configured != null && hypervisor.isRunning(env.node, sid);
        AgentRequest.Plan plan = AgentRequest.plan(sid, w.state, w.target, w.timeout, env.node, configured, running);
        if (plan instanceof AgentRequest.Done d) {
            return reported(d);
        }
        AgentRequest.Act act = (AgentRequest.Act) plan;
        if (act.message() != null) {
            env.log("info", act.message());
        }
        HypervisorPort.AgentLog log = env::log;
        boolean reached = switch (act.step()) {
            case START -> {
                hypervisor.start(env.node, sid, log);
                yield hypervisor.isRunning(env.node, sid);
            }
            case STOP -> {
                hypervisor.stop(env.node, sid, w.timeout, log);
                yield !hypervisor.isRunning(env.node, sid);
            }
            case MIGRATE, RELOCATE -> hypervisor.move(env.node, sid, w.target, act.step() == AgentRequest.Step.MIGRATE,
                    log);
        };
        return reported(AgentRequest.ended(act.step(), sid, reached));
    }

    private int reported(AgentRequest.Done d) {
        if (d.message() != null) {
            env.log(d.level(), d.message());
        }
        return d.code();
    }
}
