package io.ballast.sim;


import io.ballast.core.CrmLogLine;
import io.ballast.core.Effect;
import io.ballast.core.ManagerStatus;
import io.ballast.core.NodeState;
import io.ballast.core.RoundInput;
import io.ballast.core.RoundOutput;
import io.ballast.core.ServiceState;

/**
 * A node's cluster resource manager daemon: waits for quorum, competes for the cluster-wide manager lock,
 * and while master runs one round of the decision core ({@link io.ballast.core.HaManager}, through
 * {@link ManagerRound}) per iteration and applies its effects to the cluster. Idles out after 90 rounds
 * without any configured resource.
 */
final class CrmDaemon {

    static final int MAX_ACTIVE_IDLE_ROUNDS = 90;
    static final String MANAGER_LOCK = "ha_manager_lock";

    private final DaemonEnv env;
    private final SimCluster cluster;
    private String state = "startup";
    private ManagerRound manager;
    private String watchdog;
    private boolean shutdownRequest;
    private int activeIdleRounds;
    private boolean clusterStateUpdate;

    CrmDaemon(DaemonEnv env) {
        this.env = env;
        this.cluster = env.cluster;
        setState("wait_for_quorum");
    }

    String state() {
        return state;
    }

    void shutdownRequest() {
        if (!shutdownRequest) {
            env.log("info", "server received shutdown request");
        }
        shutdownRequest = true;
    }

    private void setState(String next) {
        if (state.equals(next)) {
            return;
        }
        env.log("info", "status change " + state + " => " + next);
        state = next;
        // a new master term starts with a fresh manager: its in-memory timers start over
        manager = next.equals("master") ? cluster.managers.get() : null;
    }

    private boolean disarmed() {
        var d = cluster.managerStatus.disarm();
        return d != null && d.disarmed();
    }

    private boolean protectedManagerLock() {
        if (!cluster.getLock(env, MANAGER_LOCK)) {
            return false;
        }
        if (disarmed()) {
            // a fully disarmed stack runs without watchdogs; the lock is kept to accept arm-ha
            if (watchdog != null) {
                cluster.watchdogClose(watchdog);
                watchdog = null;
            }
            if (!state.equals("master")) {
                env.log("info", "taking over as disarmed master, skipping watchdog");
            }
        } else if (watchdog != null) {
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

    /** The manager status, or null (logged) when the cluster filesystem cannot be read. */
    private ManagerStatus managerStatusGuarded() {
        if (!env.cfsReadable()) {
            env.log("err", "could not read manager status: " + DaemonEnv.CFS_ERROR);
            return null;
        }
        return cluster.managerStatus;
    }

    private boolean healthy(ManagerStatus ms) {
        if (!env.quorate() || !clusterStateUpdate || ms == null) {
            return false;
        }
        // a CRM may not lead while a resource on its own node waits to be fenced
        return ms.serviceStatus().values().stream()
                .noneMatch(s -> s.state() == ServiceState.FENCE && env.node.equals(s.node()));
    }

    private boolean canGetActive(boolean allowNoService) {
        ManagerStatus ms = managerStatusGuarded();
        if (!healthy(ms)) {
            return false;
        }
        if (!allowNoService && cluster.services.isEmpty()) {
            String master = ms.masterNode();
            if (master == null || ms.nodeStatus().get(master) != NodeState.ONLINE || master.equals(env.node)) {
                for (var e : ms.nodeStatus().entrySet()) {
                    if (e.getValue() == NodeState.MAINTENANCE && !ms.maintenanceRequests().contains(e.getKey())) {
                        return true;
                    }
                }
                if (!cluster.crmCommands.isEmpty()) {
                    return true;
                }
            }
            return false;
        }
        return true;
    }

    private boolean allowedToGetIdle() {
        ManagerStatus ms = managerStatusGuarded();
        // idle only once the manager has also dropped every resource from its status
        return healthy(ms) && cluster.services.isEmpty() && ms.serviceStatus().isEmpty();
    }

    /** Runs one iteration; false when the daemon exits. */
    boolean iterate() {
        env.loopStart();
        clusterStateUpdate = env.clusterStateUpdate();
        boolean res = work();
        env.loopEnd();
        return res;
    }

    private boolean work() {
        switch (state) {
            case "wait_for_quorum" -> {
                if (canGetActive(false)) {
                    setState(protectedManagerLock() ? "master" : "slave");
                }
            }
            case "slave" -> {
                if (canGetActive(false)) {
                    if (protectedManagerLock()) {
                        setState("master");
                    }
                } else {
                    setState("wait_for_quorum");
                }
            }
            case "lost_manager_lock" -> {
                if (canGetActive(true) && protectedManagerLock()) {
                    setState("master");
                }
            }
            case "master" -> {
                if (!protectedManagerLock()) {
                    setState("lost_manager_lock");
                } else if (allowedToGetIdle()) {
                    activeIdleRounds++;
                    if (activeIdleRounds > MAX_ACTIVE_IDLE_ROUNDS) {
                        activeIdleRounds = 0;
                        env.log("info", "cluster had no service configured for " + MAX_ACTIVE_IDLE_ROUNDS
                                + " rounds, going idle.");
                        cluster.releaseLock(env, MANAGER_LOCK);
                        giveUpWatchdog();
                        setState("wait_for_quorum");
                    }
                } else if (activeIdleRounds > 0) {
                    activeIdleRounds = 0;
                }
            }
            default -> throw new IllegalStateException("unexpected CRM state " + state);
        }

        switch (state) {
            case "wait_for_quorum", "slave" -> {
                if (shutdownRequest) {
                    return false;
                }
            }
            case "master" -> {
                if (shutdownRequest) {
                    giveUpWatchdog();
                    env.log("info", "voluntary release CRM lock");
                    if (!cluster.releaseLock(env, MANAGER_LOCK)) {
                        env.log("notice", "CRM lock release failed, let the lock timeout");
                    }
                    return false;
                }
                if (!clusterStateUpdate) {
                    env.log("notice", "temporary inconsistent cluster state (cfs restart?), skip round");
                    return true;
                }
                try {
                    manage();
                } catch (RuntimeException e) {
                    env.log("err", "got unexpected error - " + e.getMessage());
                }
            }
            case "lost_manager_lock" -> {
                giveUpWatchdog();
                if (shutdownRequest) {
                    return false;
                }
                setState("wait_for_quorum");
            }
            default -> throw new IllegalStateException("unexpected CRM state " + state);
        }
        return true;
    }

    // ---- one manager round through the decision core ---------------------------------------------------

    private void manage() {
        if (!env.cfsReadable()) {
            throw new IllegalStateException(DaemonEnv.CFS_ERROR);
        }
        long now = env.time;
        RoundInput input = CoreInputs.build(cluster, env.node, now);
        RoundOutput out = manager.round(input);
        ManagerStatus previous = cluster.managerStatus;
        cluster.managerStatus = out.status();
        cluster.proposal = out.proposal();
        for (CrmLogLine line : out.log()) {
            env.log(line.level(), line.message());
        }
        for (Effect effect : out.effects()) {
            apply(effect, now);
        }
        if (disarmed() && watchdog != null) {
            env.log("info", "HA stack fully disarmed, releasing CRM watchdog");
            giveUpWatchdog();
        }
        if (cluster.roundListener != null) {
            cluster.roundListener.accept(new ManagerRoundEvent(env.node, now, previous, out));
        }
    }

    private void apply(Effect effect, long now) {
        if (effect instanceof Effect.AgentLockAcquired a) {
            cluster.recordLock(SimCluster.agentLockName(a.node()), env.node, now);
        } else if (effect instanceof Effect.ServiceConfigMoved m) {
            cluster.moveServiceConfig(m.sid(), m.fromNode(), m.toNode());
        } else if (effect instanceof Effect.GuestLockRemoved g) {
            var s = cluster.services.get(g.sid());
            if (s != null && g.lock().equals(s.lock())) {
                cluster.services.put(g.sid(), s.withLock(null));
            }
        } else if (effect instanceof Effect.RequestedStateChanged r) {
            var s = cluster.services.get(r.sid());
            if (s != null) {
                cluster.services.put(r.sid(), s.withState(r.state()));
            }
        } else if (effect instanceof Effect.CommandsConsumed c) {
            int n = Math.min(c.count(), cluster.crmCommands.size());
            cluster.crmCommands.subList(0, n).clear();
        }
    }
}
