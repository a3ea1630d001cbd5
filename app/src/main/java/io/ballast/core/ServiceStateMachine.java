package io.ballast.core;

import java.util.Map;

import io.ballast.core.NodeSelector.Preference;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The per-service transitions of spec §1.7 (Proxmox's next_state_* functions). */
final class ServiceStateMachine {
    /** Guest locks recovery may remove after fencing (the fenced node was reset). */
    static final Set<String> REMOVABLE_LOCKS = Set.of("backup", "mounted", "migrate", "clone", "rollback",
            "snapshot", "snapshot-delete", "suspending", "suspended");

    private final RoundContext ctx;

    ServiceStateMachine(RoundContext ctx) {
        this.ctx = ctx;
    }

    /** Applies one step to {@code sid}; returns true if its state changed. */
    boolean step(String sid) {
        ServiceEntry sd = ctx.ss.get(sid);
        ServiceConfig cd = ctx.config(sid);
        LrmStatus.LrmResult result = sd.uid == null ? null : ctx.lrmResults.get(sd.uid);
        ServiceState last = sd.state;
        switch (last) {
            case STOPPED -> stopped(sid, cd, sd);
            case STARTED -> started(sid, cd, sd, result);
            case REQUEST_START -> requestStart(sid, sd);
            case MIGRATE, RELOCATE, REQUEST_START_BALANCE -> moving(sid, cd, sd, result);
            case FENCE -> {
                // wait until the node is fenced
            }
            case RECOVERY -> recovery(sid, cd, sd);
            case REQUEST_STOP -> requestStop(sid, sd, result);
            case FREEZE -> {
                // Ballast: only a node that is a cluster member again may unfreeze; a frozen guest on a node cut
                // off may still run there without a watchdog, so it waits for the node (spec §2.2 safety)
                if (ctx.lrmMode(sd.node) == LrmMode.ACTIVE && ctx.ns.isOperational(sd.node)) {
                    ctx.changeState(sid, resumedState(cd));
                }
            }
            case ERROR -> {
                if ("disabled".equals(cd.requestedState())) {
                    sd.failedNodes = null;
                    ctx.changeState(sid, ServiceState.STOPPED);
                }
            }
        }
        // An LRM restarting (restart mode) freezes what runs or is kept stopped on its node.
        if (ctx.lrmMode(sd.node) == LrmMode.RESTART && (sd.state == ServiceState.STARTED
                || sd.state == ServiceState.STOPPED || sd.state == ServiceState.REQUEST_STOP)) {
            ctx.changeState(sid, ServiceState.FREEZE);
        }
        return sd.state != last;
    }

    /**
     * Where a guest goes when HA takes it up again (after a move, a freeze, a recovery or a cancelled fence):
     * {@code started} only if it is requested to run; anything else is stopped first (spec §1.7).
     */
    private static ServiceState resumedState(ServiceConfig cd) {
        return "started".equals(cd.requestedState()) ? ServiceState.STARTED : ServiceState.REQUEST_STOP;
    }

    private void requestStop(String sid, ServiceEntry sd, LrmStatus.LrmResult result) {
        if (result != null) {
            if (result.exitCode() == LrmStatus.SUCCESS) {
                ctx.changeState(sid, ServiceState.STOPPED);
            } else {
                ctx.log.add("err", "service '" + sid + "' stop failed (exit code " + result.exitCode() + ")");
                ctx.changeState(sid, ServiceState.ERROR);
            }
            return;
        }
        if (ctx.ns.isOfflineDelayed(sd.node, ctx.now)) {
            ctx.changeState(sid, ServiceState.FENCE);
        }
    }

    private void moving(String sid, ServiceConfig cd, ServiceEntry sd, LrmStatus.LrmResult result) {
        if (result != null) {
            ServiceState req = resumedState(cd);
            int ec = result.exitCode();
            if (ec == LrmStatus.SUCCESS) {
                if (ctx.ns.state(sd.node) == NodeState.MAINTENANCE) {
                    sd.failedNodes = null; // evacuated: earlier failed targets no longer matter
                }
                ctx.changeState(sid, req, sd.target, null, null);
                return;
            } else if (ec == LrmStatus.EWRONG_NODE) {
                ctx.log.add("err", "service '" + sid + "' - migration failed: service registered on wrong node!");
                ctx.changeState(sid, ServiceState.ERROR);
            } else if (ec == LrmStatus.IGNORED) {
                ctx.log.add("info", "service '" + sid + "' - rebalance-on-start request ignored - service already running");
                ctx.changeState(sid, req, sd.node, null, null);
            } else {
                ctx.log.add("err", "service '" + sid + "' - migration failed (exit code " + ec + ")");
                String failedTarget = sd.target;
                ctx.changeState(sid, req, sd.node, null, null);
                if (ctx.ns.state(sd.node) == NodeState.MAINTENANCE && failedTarget != null) {
                    // Ballast (spec §7.1): the next evacuation attempt tries another node
                    recordFailedTarget(sd, failedTarget);
                }
                return;
            }
        }
        if (ctx.ns.isOfflineDelayed(sd.node, ctx.now)) {
            ctx.changeState(sid, ServiceState.FENCE);
        }
    }

    private void stopped(String sid, ServiceConfig cd, ServiceEntry sd) {
        if (cd.node() != null && !cd.node().equals(sd.node)) {
            // e.g. a node fenced while migrating: the config says where the guest really is
            ctx.log.add("info", "fixup service '" + sid + "' location (" + sd.node + " => " + cd.node() + ")");
            sd.node = cd.node();
        }
        if (sd.cmd != null) {
            ServiceCommand cmd = sd.cmd;
            sd.cmd = null;
            if (cmd.isMove()) {
                String target = cmd.node();
                if (!ctx.ns.isOnline(target)) {
                    ctx.log.add("err", "ignore service '" + sid + "' " + cmd.action() + " request - node '" + target
                            + "' not online");
                } else if (target.equals(sd.node)) {
                    ctx.log.add("info", "ignore service '" + sid + "' " + cmd.action()
                            + " request - service already on node '" + target + "'");
                } else {
                    ctx.changeState(sid, ServiceState.parse(cmd.action()), sd.node, target, null);
                    return;
                }
            } else if ("stop".equals(cmd.action())) {
                ctx.log.add("info", "ignore service '" + sid + "' stop request - service already stopped");
            } else {
                ctx.log.add("err", "unknown command '" + cmd.action() + "' for service '" + sid + "'");
            }
        }
        String req = cd.requestedState();
        if ("disabled".equals(req)) {
            return; // the LRM keeps enforcing "stopped"; not fenced for
        }
        if (ctx.ns.isOfflineDelayed(sd.node, ctx.now) && ctx.ns.state(sd.node) != NodeState.MAINTENANCE) {
            ctx.changeState(sid, ServiceState.FENCE);
            return;
        }
        if ("stopped".equals(req)) {
            return;
        }
        if ("started".equals(req)) {
            ctx.changeState(sid, ServiceState.REQUEST_START, sd.node, null, null);
            return;
        }
        ctx.log.add("err", "service '" + sid + "' - unknown state '" + req + "' in service configuration");
    }

    /**
     * The policy allows {@code sid} where it runs and only prefers another node: failback to a higher priority
     * class or the return to its maintenance node (no hard filter or keep-together partner moves it).
     */
    private boolean failbackOnly(String sid) {
        io.ballast.rules.placement.Verdict v = ctx.policy.verdict(sid);
        return v.allowed().containsKey(v.current()) && v.together().isEmpty()
                && (v.failsBack() || v.returnTarget() != null);
    }

    private void requestStart(String sid, ServiceEntry sd) {
        String current = sd.node;
        if (ctx.input.crs().rebalanceOnStart()) {
            String selected = ctx.selector().select(sid, Preference.BEST_SCORE);
            if (selected != null) {
                boolean other = !selected.equals(current);
                ctx.log.add("info", "service " + sid + ": re-balance selected " + (other ? "new" : "current")
                        + " node " + selected + " for startup");
                if (other) {
                    ctx.changeState(sid, ServiceState.REQUEST_START_BALANCE, current, selected, null,
                            ctx.why(sid, selected));
                    return;
                }
            }
            // [FIX] §6.2: no qualifying node → start in place instead of a target-less balance request
        }
        ctx.changeState(sid, ServiceState.STARTED, current, null, null);
    }

    private static void recordFailedTarget(ServiceEntry sd, String target) {
        if (sd.failedNodes == null) {
            sd.failedNodes = new ArrayList<>();
        }
        if (!sd.failedNodes.contains(target)) {
            sd.failedNodes.add(target);
        }
    }

    private void recordFailed(ServiceEntry sd) {
        if (sd.failedNodes == null) {
            sd.failedNodes = new ArrayList<>();
        }
        sd.failedNodes.add(sd.node);
    }

    private void started(String sid, ServiceConfig cd, ServiceEntry sd, LrmStatus.LrmResult result) {
        NodeStatusTracker ns = ctx.ns;
        if (!ns.isOnline(sd.node)) {
            if (ns.isOfflineDelayed(sd.node, ctx.now)) {
                ctx.changeState(sid, ServiceState.FENCE);
            }
            if (ns.state(sd.node) != NodeState.MAINTENANCE) {
                return;
            }
            // remember where to return once maintenance ends
            sd.maintenanceNode = sd.node;
        }
        String req = cd.requestedState();
        if ("disabled".equals(req) || "stopped".equals(req)) {
            ctx.changeState(sid, ServiceState.REQUEST_STOP);
            return;
        }
        if (!"started".equals(req)) {
            ctx.log.add("err", "service '" + sid + "' - unknown state '" + req + "' in service configuration");
            return;
        }
        if (sd.cmd != null) {
            runCommand(sid, sd);
            return;
        }
        Preference preference = Preference.NONE;
        if (result != null) {
            int ec = result.exitCode();
            if (ec == LrmStatus.SUCCESS) {
                if (sd.failedNodes != null) {
                    ctx.log.add("info", "relocation policy successful for '" + sid + "' on node '" + sd.node
                            + "', failed nodes: " + String.join(", ", sd.failedNodes));
                }
                sd.failedNodes = null;
                sd.running = true;
                ctx.usage.update(sid, sd);
            } else if (ec == LrmStatus.ERROR || ec == LrmStatus.EWRONG_NODE) {
                sd.running = false;
                recordFailed(sd);
                if (sd.failedNodes.size() <= cd.maxRelocate()) {
                    preference = Preference.TRY_NEXT;
                    ctx.log.add("warn", "starting service " + sid + " on node '" + sd.node
                            + "' failed, relocating service.");
                } else {
                    ctx.log.add("err", "recovery policy for service " + sid
                            + " failed, entering error state. Failed nodes: " + String.join(", ", sd.failedNodes));
                    ctx.changeState(sid, ServiceState.ERROR);
                    return;
                }
            } else {
                recordFailed(sd);
                ctx.log.add("err", "service '" + sid + "' got unrecoverable error (exit code " + ec + ")");
                ctx.changeState(sid, ServiceState.ERROR);
                return;
            }
        }
        // method plan: a maintenance evacuation uses the batch plan's node while it passes the hard filters
        String evacuationPlan = preference == Preference.NONE && ns.state(sd.node) == NodeState.MAINTENANCE
                ? ctx.batchEvacuation().target(sid) : null;
        boolean planned = evacuationPlan != null && ctx.selector().bestClass(sid).containsKey(evacuationPlan);
        String node = planned ? evacuationPlan : ctx.selector().select(sid, preference);
        if (planned) {
            ctx.log.decision(sid, "maintenance", "evacuate to " + node, ctx.batchEvacuation().summary());
        }
        if (node != null && !node.equals(sd.node) && !planned && preference == Preference.NONE
                && AutomationLevel.parse(ctx.input.crs().automationLevel()).proposesFailback()
                && ns.state(sd.node) == NodeState.ONLINE && failbackOnly(sid)) {
            // automation level manual: a running guest that may stay is not moved back without an operator
            ctx.holdFailback(sid, node);
            return;
        }
        if (node != null && !node.equals(sd.node)) {
            List<String> ruleReasons = ctx.policy.verdict(sid)
                    .reasonsAgainst(sd.node, io.ballast.rules.facts.PlacementFactsDrl.Excluded.RULE);
            if (!ruleReasons.isEmpty()) {
                ctx.log.decision(sid, "placement-rule", "leave " + sd.node + " for " + node,
                        String.join("; ", ruleReasons));
            }
            String fallback = sd.maintenanceNode;
            if (fallback != null) {
                if (node.equals(fallback)) {
                    ctx.log.add("info", "moving service '" + sid + "' back to '" + fallback
                            + "', node came back from maintenance.");
                    sd.maintenanceNode = null;
                } else if (!sd.node.equals(fallback)) {
                    ctx.log.add("info", "dropping maintenance fallback node '" + fallback + "' for '" + sid + "'");
                    sd.maintenanceNode = null;
                }
            }
            if ("vm".equals(cd.type())) {
                ctx.log.add("info", "migrate service '" + sid + "' to node '" + node + "' (running)");
                ctx.changeState(sid, ServiceState.MIGRATE, sd.node, node, null, ctx.why(sid, node));
            } else {
                ctx.log.add("info", "relocate service '" + sid + "' to node '" + node + "'");
                ctx.changeState(sid, ServiceState.RELOCATE, sd.node, node, null, ctx.why(sid, node));
            }
            return;
        }
        if (node == null && preference == Preference.NONE && sd.failedNodes != null && !sd.failedNodes.isEmpty()
                && ns.state(sd.node) == NodeState.MAINTENANCE) {
            // every allowed target failed: report, then start over next round (a one-round back-off)
            ctx.log.add("warn", "evacuation of service '" + sid + "' from node '" + sd.node + "' blocked: migration"
                    + " failed to " + String.join(", ", sd.failedNodes) + "; retrying next round");
            ctx.log.decision(sid, "maintenance", "evacuation blocked",
                    "migration failed to every allowed node: " + String.join(", ", sd.failedNodes));
            sd.failedNodes = null;
        }
        if (preference == Preference.TRY_NEXT && node == null) {
            ctx.log.add("warn", "Start Error Recovery: Tried all available nodes for service '" + sid
                    + "', retry start on current node. Tried nodes: " + String.join(", ", sd.failedNodes));
        }
        if (sd.maintenanceNode != null && sd.node.equals(sd.maintenanceNode)
                && ns.state(sd.node) == NodeState.ONLINE) {
            ctx.log.add("info", "service '" + sid + "': clearing stale maintenance node '" + sd.maintenanceNode
                    + "' setting (is current node)");
            sd.maintenanceNode = null;
        }
        // a consumed LRM result needs a new uid so the LRM re-checks (and restarts) the guest
        if (result != null) {
            sd.uid = ctx.uids.next(sd.state);
        }
    }

    private void runCommand(String sid, ServiceEntry sd) {
        ServiceCommand cmd = sd.cmd;
        if (cmd.isMove()) {
            String target = cmd.node();
            if (!ctx.ns.isOnline(target)) {
                ctx.log.add("err", "ignore service '" + sid + "' " + cmd.action() + " request - node '" + target
                        + "' not online");
            } else if (sd.node.equals(target)) {
                ctx.log.add("info", "ignore service '" + sid + "' " + cmd.action()
                        + " request - service already on node '" + target + "'");
            } else {
                ctx.log.add("info", cmd.action() + " service '" + sid + "' to node '" + target + "'");
                ctx.changeState(sid, ServiceState.parse(cmd.action()), sd.node, target, null);
            }
        } else if ("stop".equals(cmd.action())) {
            int timeout = cmd.timeout() == null ? 0 : cmd.timeout();
            if (timeout == 0) {
                ctx.log.add("info", "request immediate service hard-stop for service '" + sid + "'");
            } else {
                ctx.log.add("info", "request graceful stop with timeout '" + timeout + "' for service '" + sid + "'");
            }
            ctx.changeState(sid, ServiceState.REQUEST_STOP, null, null, timeout);
            ServiceConfig cd = ctx.sc.get(sid);
            if (cd != null) {
                ctx.sc.put(sid, new ServiceConfig(sid, cd.node(), "stopped", cd.maxRestart(), cd.maxRelocate(),
                        cd.failback(), cd.group(), cd.lock()));
            }
            ctx.log.effect(new Effect.RequestedStateChanged(sid, "stopped"));
        } else {
            ctx.log.add("err", "unknown command '" + cmd.action() + "' for service '" + sid + "'");
        }
        sd.cmd = null;
    }

    private void recovery(String sid, ServiceConfig cd, ServiceEntry sd) {
        String fenced = sd.node;
        // method plan: the batch plan's node, if it still passes the hard filters after earlier recoveries
        String planned = ctx.batchRecovery().target(sid);
        boolean usePlan = planned != null && ctx.selector().bestClass(sid).containsKey(planned);
        String node = usePlan ? planned : ctx.selector().select(sid, Preference.BEST_SCORE);
        if (node != null) {
            if (node.equals(fenced)) {
                ctx.log.add("info", "recover service '" + sid + "' to previous failed and fenced node '" + fenced
                        + "' again");
            } else {
                ctx.log.add("info", "recover service '" + sid + "' from fenced node '" + fenced + "' to node '"
                        + node + "'");
            }
            if (cd.lock() != null && REMOVABLE_LOCKS.contains(cd.lock())) {
                ctx.log.add("warn", "removed leftover lock '" + cd.lock() + "' from recovered service '" + sid
                        + "' to allow its start.");
                ctx.log.effect(new Effect.GuestLockRemoved(sid, cd.lock()));
            }
            ctx.log.effect(new Effect.ServiceConfigMoved(sid, fenced, node));
            if (ctx.sc.containsKey(sid)) {
                ctx.sc.put(sid, new ServiceConfig(sid, node, cd.requestedState(), cd.maxRestart(), cd.maxRelocate(),
                        cd.failback(), cd.group(), null));
            }
            Decision.Why why = ctx.why(sid, node);
            ctx.changeState(sid, resumedState(cd), node, null, null, why);
            ctx.log.decision(sid, "fence-acknowledged", "recover to " + node, "node " + fenced + " was fenced"
                    + (usePlan ? "; " + ctx.batchRecovery().summary() : ""));
        } else {
            ctx.log.add("err", "recovering service '" + sid + "' from fenced node '" + fenced
                    + "' failed, no recovery node found");
            if ("disabled".equals(cd.requestedState())) {
                sd.failedNodes = null;
                ctx.changeState(sid, ServiceState.STOPPED);
            }
        }
    }

    /** Every service in sid order, then fencing, repeated until nothing changes (spec §1.7). */
    void runUntilStable(Set<String> only) {
        while (true) {
            boolean repeat = false;
            for (String sid : new ArrayList<>(ctx.ss.keySet())) {
                if (only != null && !only.contains(sid)) {
                    continue;
                }
                if (step(sid)) {
                    repeat = true;
                }
            }
            if (fence(only)) {
                repeat = true;
            }
            if (!repeat) {
                return;
            }
        }
    }

    private boolean fence(Set<String> only) {
        boolean repeat = false;
        java.util.Map<String, Boolean> fenced = new java.util.TreeMap<>();
        for (String sid : new ArrayList<>(ctx.ss.keySet())) {
            ServiceEntry sd = ctx.ss.get(sid);
            if (sd.state != ServiceState.FENCE || (only != null && !only.contains(sid))) {
                continue;
            }
            boolean ok = fenced.computeIfAbsent(sd.node, this::fenceNode);
            if (ok) {
                ctx.changeState(sid, ServiceState.RECOVERY);
                repeat = true;
            } else if (cancelled.contains(sd.node)) {
                // the node came back before it could be fenced: the guest continues there as requested (a guest
                // that must stay off is stopped, never started)
                ctx.changeState(sid, resumedState(ctx.config(sid)), sd.node, null, null);
                repeat = true;
            }
        }
        for (String node : ctx.ns.nodes()) {
            if (fenced.containsKey(node) || ctx.ns.state(node) != NodeState.FENCE) {
                continue;
            }
            ctx.log.add("noti", "node '" + node + "' in fence state but no services to-fence! admin interference?!");
            if (fenceNode(node)) {
                repeat = true;
            }
        }
        return repeat;
    }

    /** Nodes whose pending fence this round cancelled because they are cluster members again. */
    private final Set<String> cancelled = new java.util.TreeSet<>();

    /**
     * Ballast (spec §2.2): a free agent lock proves a fence only if the node's agent held its watchdog when
     * the node was last heard of. An agent waiting for its lock (HA disarmed, its guests frozen by an agent
     * restart, or idle) has none, so a node cut off in that state keeps running its guests and nothing resets
     * it: its guests wait for the node to return (the fence is then cancelled) or for an external fence
     * agent, which the environment reports as a free lock only after confirming the node is off.
     */
    private boolean fenceNode(String node) {
        boolean member = ctx.input.onlineMembers().contains(node);
        // a member's report may be fresh (e.g. after a reboot), so only what was known when it left counts;
        // a node still cut off cannot have reported since it left
        // removing the node from the cluster configuration is the operator's confirmation that it is off
        boolean unprotected = ctx.input.clusterNodes().contains(node) && (ctx.ns.leftUnprotected(node)
                || (!member && HaManager.agentsWithoutWatchdog(ctx.input).contains(node)));
        if (!unprotected) {
            return ctx.ns.fence(node, ctx.input.freeAgentLocks(), ctx.log);
        }
        if (member) {
            if (cancelled.add(node)) {
                ctx.log.add("info", "node '" + node + "': back before it could be fenced, cancelling the fence");
                ctx.log.decision(node, "fencing", "fence cancelled", "node rejoined the cluster; its agent held "
                        + "no watchdog, so its guests kept running there");
                ctx.ns.set(node, NodeState.UNKNOWN, ctx.log);
            }
            return false;
        }
        if (ctx.ns.state(node) != NodeState.FENCE) {
            ctx.ns.set(node, NodeState.FENCE, ctx.log);
            ctx.log.add("emai", "FENCE: cannot fence node '" + node + "': its agent released lock and watchdog "
                    + "(state wait_for_agent_lock), so it may still run its guests; waiting for it to return, or for"
                    + " the operator to remove it from the cluster once it is powered off");
            ctx.log.decision(node, "fencing", "fence blocked", "node unreachable while unprotected (no watchdog)");
        }
        return false;
    }
}
