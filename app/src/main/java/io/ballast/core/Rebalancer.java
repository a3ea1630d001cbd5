package io.ballast.core;

import io.ballast.planner.PlanRequest;
import io.ballast.planner.PlanResult;
import io.ballast.planner.Planner;
import io.ballast.planner.rebalance.AutoRebalancePolicy;
import io.ballast.planner.rebalance.BundleCandidate;
import io.ballast.planner.rebalance.GreedyRebalancer;
import io.ballast.planner.rebalance.RebalanceChoice;
import io.ballast.planner.rebalance.RebalanceMethod;
import io.ballast.planner.usage.NodeUsage;
import io.ballast.planner.usage.ResourceStats;
import io.ballast.planner.usage.SchedulerMode;
import io.ballast.planner.usage.UsageModel;
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
    /** Pseudo-unit ids for load that a plan cannot move (a sid never starts with '#'). */
    private static final String FIXED_PREFIX = "#fixed:";
    /** Migrations started at once from a plan (each node takes part in at most two). */
    private static final int PLAN_WAVE_CAP = 4;
    /** Hold counter of step 3; in memory only, like Proxmox (reset by a new master). */
    private int holdCounter;

    /** A new manager term continues the count it finds in the persisted status. */
    void resume(int persisted) {
        holdCounter = Math.max(0, persisted);
    }

    int holdCounter() {
        return holdCounter;
    }

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
            runPlan(ctx, policy);
            return;
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

    /**
     * Method {@code plan}: one Timefold solve over the active stationary bundles (targets and keep-separate as
     * for greedy; everything else is fixed load), accepted only if its final imbalance beats the margin; the
     * first wave of migrations runs now, the rest is re-planned once nothing moves and the hold passes again.
     */
    /** Rebalancing plans aim at the policy's threshold, on step limits only (no wall clock). */
    static PlanRequest.Settings planSettings(AutoRebalancePolicy policy) {
        return new PlanRequest.Settings(false, 2, PLAN_WAVE_CAP, null, 0, 500, 125, policy, false);
    }

    private static void runPlan(RoundContext ctx, AutoRebalancePolicy policy) {
        List<BundleCandidate> candidates = candidates(ctx);
        if (candidates.isEmpty()) {
            return;
        }
        UsageModel model = ctx.usage.model();
        Map<String, double[]> fixed = new TreeMap<>();
        List<PlanRequest.Node> nodes = new ArrayList<>();
        for (NodeUsage n : model.nodeUsage()) {
            fixed.put(n.name(), new double[] {n.cpu(), n.mem()});
            nodes.add(new PlanRequest.Node(n.name(), n.maxCpu(), (long) n.maxMem()));
        }
        Map<String, String> leaderOf = new TreeMap<>();
        List<PlanRequest.Unit> units = new ArrayList<>();
        for (BundleCandidate c : candidates) {
            double cpu = 0;
            double mem = 0;
            for (String member : c.members()) {
                double[] load = model.movedLoad(c.stats().getOrDefault(member, ResourceStats.NONE));
                cpu += load[0];
                mem += load[1];
                leaderOf.put(member, c.leader());
            }
            double[] rest = fixed.get(c.source());
            rest[0] -= cpu;
            rest[1] -= mem;
            Map<String, Integer> allowed = new TreeMap<>();
            allowed.put(c.source(), 0);
            c.targets().forEach(t -> allowed.put(t, 0));
            // a container moves by stop and start (relocate): more disruption than a live migration
            boolean relocate = "relocate".equals(ctx.config(c.leader()).moveAction());
            units.add(new PlanRequest.Unit(c.leader(), c.members(), cpu, (long) mem, c.source(), allowed, null,
                    false, relocate));
        }
        // Load that cannot move (non-HA guests, other states, the model's accounting) stays as a pinned unit.
        fixed.forEach((node, rest) -> {
            if (rest[0] > 1e-9 || rest[1] > 0.5) {
                units.add(new PlanRequest.Unit(FIXED_PREFIX + node, List.of(), Math.max(0, rest[0]),
                        (long) Math.max(0, rest[1]), node, Map.of(node, 0), null, false));
            }
        });
        List<PlanRequest.SeparatePair> separate = new ArrayList<>();
        for (BundleCandidate c : candidates) {
            for (String member : c.members()) {
                for (String partner : ctx.rules.negativePartners(member)) {
                    String other = leaderOf.get(partner);
                    if (other != null && c.leader().compareTo(other) < 0) {
                        separate.add(new PlanRequest.SeparatePair(c.leader(), other));
                    }
                }
            }
        }
        PlanResult plan = new Planner().plan(new PlanRequest(units, nodes, separate.stream().distinct().toList(),
                planSettings(policy)));
        if (plan.waves().isEmpty() || !plan.feasible()) {
            return;
        }
        List<PlanResult.Move> wave = plan.waves().get(0);
        Map<String, PlanResult.UnitExplanation> why = new TreeMap<>();
        plan.explanation().units().forEach(u -> why.put(u.unit(), u));
        for (PlanResult.Move move : wave) {
            ServiceConfig cd = ctx.config(move.unit());
            String task = cd.moveAction();
            ctx.log.add("info", String.format(Locale.ROOT,
                    "auto rebalance - %s %s to %s (expected change for imbalance from %.2f to %.2f)", task,
                    move.unit(), move.to(), plan.imbalanceBefore(), plan.imbalanceAfter()));
            PlanResult.UnitExplanation e = why.get(move.unit());
            ctx.log.decision(move.unit(), "auto-rebalance", task + " to " + move.to(), String.format(Locale.ROOT,
                    "plan (%d migrations in %d waves, this is wave 1): imbalance %.4f above threshold, %.4f after "
                            + "the plan; score %s; other nodes: %s", plan.migrations(), plan.waves().size(),
                    plan.imbalanceBefore(), plan.imbalanceAfter(), plan.score(),
                    e == null ? "-" : e.rejected().stream().map(r -> r.node() + " " + r.reason()).toList()));
            CommandHandler.executeMigration(ctx, task + " " + move.unit() + " " + move.to(), task, move.unit(),
                    move.to());
        }
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
            // the policy's preferred class for the leader (its keep-together partners share its rules)
            Set<String> targets = new TreeSet<>(ctx.policy.verdict(leader).preferred());
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
}
