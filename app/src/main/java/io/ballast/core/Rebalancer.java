package io.ballast.core;

import io.ballast.planner.rebalance.AutoRebalancePolicy;
import io.ballast.planner.rebalance.BundleCandidate;
import io.ballast.planner.rebalance.GreedyRebalancer;
import io.ballast.planner.rebalance.RebalanceChoice;
import io.ballast.planner.rebalance.RebalanceMethod;
import io.ballast.planner.usage.ResourceStats;
import io.ballast.planner.usage.SchedulerMode;
import io.ballast.rules.compiled.NodeAffinity;
import io.ballast.rules.pve.CrsConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Automatic rebalancing (spec §6.3): at most one bundle move per round, none while anything moves. */
final class Rebalancer {
    /** Hold counter of step 3; in memory only, like Proxmox (reset by a new master). */
    private int holdCounter;

    void run(RoundContext ctx) {
        CrsConfig crs = ctx.input.crs();
        SchedulerMode mode = ctx.usage.model().mode();
        if (!crs.autoRebalance() || mode == SchedulerMode.BASIC) {
            return;
        }
        for (ServiceEntry sd : ctx.ss.values()) {
            if (sd.state == ServiceState.MIGRATE || sd.state == ServiceState.RELOCATE
                    || (sd.cmd != null && sd.cmd.isMove())) {
                return; // something moves: skip without touching the hold counter
            }
        }
        AutoRebalancePolicy policy = AutoRebalancePolicy.fromPercent(crs.thresholdPercent(),
                (int) Math.round(crs.holdRounds()), crs.marginPercent());
        double imbalance = ctx.usage.model().imbalance();
        AutoRebalancePolicy.Hold hold = policy.hold(imbalance, holdCounter);
        holdCounter = hold.counter();
        if (!hold.proceed()) {
            return;
        }
        RebalanceMethod method = RebalanceMethod.parse(crs.method());
        if (method == RebalanceMethod.PLAN) {
            method = RebalanceMethod.BRUTEFORCE;
        }
        Optional<RebalanceChoice> choice = GreedyRebalancer.select(ctx.usage.model(), candidates(ctx), method);
        if (choice.isEmpty() || !policy.accepts(choice.get().imbalanceBefore(), choice.get().imbalanceAfter())) {
            return;
        }
        RebalanceChoice c = choice.get();
        ServiceConfig cd = ctx.config(c.leader());
        String task = cd.moveAction();
        ctx.log.add("info", String.format(Locale.ROOT,
                "auto rebalance - %s %s to %s (expected change for imbalance from %.2f to %.2f)", task, c.leader(),
                c.target(), c.imbalanceBefore(), c.imbalanceAfter()));
        ctx.log.decision(c.leader(), "auto-rebalance", task + " to " + c.target(), String.format(Locale.ROOT,
                "imbalance %.4f above threshold, expected %.4f after the move", c.imbalanceBefore(),
                c.imbalanceAfter()));
        CommandHandler.executeMigration(ctx, task + " " + c.leader() + " " + c.target(), task, c.leader(),
                c.target());
    }

    /** Active stationary bundles (spec §5) with their allowed targets. */
    static List<BundleCandidate> candidates(RoundContext ctx) {
        Set<String> online = ctx.usage.online();
        Set<String> done = new TreeSet<>();
        List<BundleCandidate> result = new ArrayList<>();
        for (String sid : ctx.ss.keySet()) {
            if (done.contains(sid)) {
                continue;
            }
            Set<String> group = new TreeSet<>(ctx.rules.positivePartners(sid));
            group.add(sid);
            done.addAll(group);
            List<String> members = new ArrayList<>();
            boolean blocked = false;
            String source = null;
            for (String member : group) {
                ServiceEntry e = ctx.ss.get(member);
                if (e == null) {
                    continue;
                }
                if (e.state == ServiceState.MIGRATE || e.state == ServiceState.RELOCATE) {
                    blocked = true;
                }
                if (e.state == ServiceState.STARTED) {
                    if (source != null && !source.equals(e.node)) {
                        blocked = true;
                    }
                    source = e.node;
                    members.add(member);
                }
            }
            if (blocked || members.isEmpty() || !online.contains(source)) {
                continue;
            }
            String leader = members.get(0);
            Set<String> targets = topClass(ctx, leader, online);
            for (String partner : ctx.rules.negativePartners(leader)) {
                ServiceEntry p = ctx.ss.get(partner);
                if (p != null) {
                    for (String n : ServiceUsage.usedNodes(online, p.state, p.node, p.target)) {
                        if (n != null) {
                            targets.remove(n);
                        }
                    }
                }
            }
            targets.remove(source);
            if (targets.isEmpty()) {
                continue;
            }
            Map<String, ResourceStats> stats = new TreeMap<>();
            members.forEach(m -> stats.put(m, ctx.usage.statsOf(m)));
            result.add(new BundleCandidate(leader, members, source, new ArrayList<>(targets), stats));
        }
        return result;
    }

    private static Set<String> topClass(RoundContext ctx, String sid, Set<String> online) {
        NodeAffinity affinity = ctx.rules.nodeAffinityOf(sid);
        Set<String> nodes = new TreeSet<>();
        if (affinity == null) {
            nodes.addAll(online);
            return nodes;
        }
        Integer top = null;
        for (var e : affinity.nodes().entrySet()) {
            if (online.contains(e.getKey())) {
                top = top == null ? e.getValue() : Math.max(top, e.getValue());
            }
        }
        for (var e : affinity.nodes().entrySet()) {
            if (online.contains(e.getKey()) && e.getValue().equals(top)) {
                nodes.add(e.getKey());
            }
        }
        return nodes;
    }
}
