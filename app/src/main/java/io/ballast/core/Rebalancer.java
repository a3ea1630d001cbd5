package io.ballast.core;

import io.ballast.planner.PlanRequest;
import io.ballast.planner.PlanResult;
import io.ballast.planner.Planner;
import io.ballast.planner.rebalance.AutoRebalancePolicy;
import io.ballast.planner.rebalance.BundleCandidate;
import io.ballast.planner.rebalance.GreedyRebalancer;
import io.ballast.planner.rebalance.RebalanceChoice;
import io.ballast.planner.rebalance.RebalanceMethod;
import io.ballast.planner.usage.Imbalance;
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

    /**
     * One round of automatic rebalancing. An applied proposal runs first (wave by wave, nothing else rebalances
     * meanwhile); an open one expires when the cluster changed; then, if the hold passes, the rebalancing method
     * decides the moves, and the automation level only decides whether they run now or are proposed.
     */
    void run(RoundContext ctx) {
        CrsConfig crs = ctx.input.crs();
        AutomationLevel level = AutomationLevel.parse(crs.automationLevel());
        Proposal open = ctx.log.proposal;
        if (open != null && open.applied()) {
            continueApplied(ctx, open);
            return;
        }
        // what changed since the proposal was computed (null: nothing), on the round's state before it decides
        String change = open == null ? null : ProposalBasis.of(ctx).changeSince(open.basis());
        boolean dismissedStillFits = false;
        if (open != null && open.dismissed()) {
            // an operator said no to this plan: not again until the cluster changes
            dismissedStillFits = change == null;
            if (!dismissedStillFits) {
                ctx.log.proposal = null;
            }
            open = null;
        }
        if (open != null) {
            String reason = level.proposesRebalancing() ? change
                    : "automation level is now full: rebalancing runs without approval";
            if (reason != null) {
                expire(ctx, open, reason);
                open = null;
            }
        }
        SchedulerMode mode = ctx.usage.model().mode();
        if (!crs.autoRebalance() || mode == SchedulerMode.BASIC) {
            return;
        }
        if (moving(ctx)) {
            return; // something moves: skip without touching the hold counter
        }
        AutoRebalancePolicy policy = AutoRebalancePolicy.fromPercent(crs.thresholdPercent(),
                (int) Math.round(crs.holdRounds()), crs.marginPercent());
        double imbalance = ctx.usage.model().imbalance();
        AutoRebalancePolicy.Hold hold = policy.hold(imbalance, holdCounter);
        holdCounter = hold.counter();
        if (!hold.proceed() || (level.proposesRebalancing() && (open != null || dismissedStillFits))) {
            return; // an open proposal that still fits stays the one on offer
        }
        RebalanceMethod method = RebalanceMethod.parse(crs.method());
        List<Proposal.Wave> waves;
        double before;
        if (method == RebalanceMethod.PLAN) {
            Optional<PlannedMoves> planned = solvePlan(ctx, policy);
            if (planned.isEmpty()) {
                return;
            }
            if (!level.proposesRebalancing()) {
                runFirstWave(ctx, planned.get());
                return;
            }
            waves = planned.get().waves(ctx);
            before = planned.get().plan().imbalanceBefore();
        } else {
            List<BundleCandidate> candidates = candidates(ctx);
            Optional<RebalanceChoice> choice = GreedyRebalancer.select(ctx.usage.model(), candidates, method);
            if (choice.isEmpty() || !policy.accepts(choice.get().imbalanceBefore(), choice.get().imbalanceAfter())) {
                return;
            }
            RebalanceChoice c = choice.get();
            if (!level.proposesRebalancing()) {
                runGreedy(ctx, c);
                return;
            }
            BundleCandidate bundle = candidates.stream().filter(b -> b.leader().equals(c.leader())).findFirst()
                    .orElseThrow();
            String reason = String.format(Locale.ROOT, "%s: best single move, imbalance %.4f above threshold, "
                    + "expected %.4f after the move", method.name().toLowerCase(Locale.ROOT), c.imbalanceBefore(),
                    c.imbalanceAfter());
            waves = List.of(new Proposal.Wave(List.of(new Proposal.Move(c.leader(), bundle.members(), c.source(),
                    c.target(), ctx.config(c.leader()).moveAction(), memoryOf(ctx, bundle), reason)),
                    c.imbalanceAfter()));
            before = c.imbalanceBefore();
        }
        propose(ctx, method.name().toLowerCase(Locale.ROOT), before, waves);
    }

    /**
     * Automation level manual: the failback moves the state machine held this round become one proposal of one
     * wave, unless a proposal is open or running (it goes first) or the operator dismissed this one.
     */
    void proposeFailbacks(RoundContext ctx) {
        if (ctx.heldFailbacks.isEmpty()) {
            return;
        }
        Proposal open = ctx.log.proposal;
        if (open != null && (!open.dismissed() || ProposalBasis.of(ctx).changeSince(open.basis()) == null)) {
            return;
        }
        LoadAfterMoves after = new LoadAfterMoves(ctx.usage.model().nodeUsage());
        for (Proposal.Move m : ctx.heldFailbacks) {
            ResourceStats stats = ctx.usage.statsOf(m.sid());
            after.move(m.from(), m.to(), ctx.usage.model().movedLoad(stats == null ? ResourceStats.NONE : stats));
        }
        propose(ctx, "failback", ctx.usage.model().imbalance(), List.of(new Proposal.Wave(ctx.heldFailbacks,
                after.imbalance())));
    }

    /** Node loads shifted move by move, for the imbalance a proposal expects after each wave. */
    private static final class LoadAfterMoves {
        private final Map<String, NodeUsage> nodes = new TreeMap<>();

        LoadAfterMoves(List<NodeUsage> start) {
            start.forEach(n -> nodes.put(n.name(), n));
        }

        void move(String from, String to, double[] load) {
            nodes.computeIfPresent(from, (k, n) -> n.plus(-load[0], -load[1]));
            nodes.computeIfPresent(to, (k, n) -> n.plus(load[0], load[1]));
        }

        double imbalance() {
            return Imbalance.of(new ArrayList<>(nodes.values()));
        }
    }

    private static boolean moving(RoundContext ctx) {
        for (ServiceEntry sd : ctx.ss.values()) {
            if (sd.state == ServiceState.MIGRATE || sd.state == ServiceState.RELOCATE
                    || (sd.cmd != null && sd.cmd.isMove())) {
                return true;
            }
        }
        return false;
    }

    private static void runGreedy(RoundContext ctx, RebalanceChoice c) {
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

    /** Opens a proposal of {@code waves} on this round's basis (the caller expired any earlier one). */
    private static void propose(RoundContext ctx, String method, double before, List<Proposal.Wave> waves) {
        ProposalBasis basis = ProposalBasis.of(ctx);
        String id = "p" + ctx.now + "-" + basis.placement().substring(0, 8);
        Proposal p = new Proposal(id, Proposal.PROPOSED, ctx.now, method, before, waves, basis.encoded(), 0);
        int moves = waves.stream().mapToInt(w -> w.moves().size()).sum();
        double after = waves.get(waves.size() - 1).imbalanceAfter();
        ctx.log.add("info", String.format(Locale.ROOT, "auto rebalance - proposal %s: %d moves in %d waves, expected "
                + "change for imbalance from %.2f to %.2f (waits for approval)", id, moves, waves.size(), before, after));
        ctx.log.proposal = p;
        ctx.log.proposalEvents.add(new ProposalEvent.Created(p));
    }

    private static void expire(RoundContext ctx, Proposal p, String reason) {
        ctx.log.add("info", "auto rebalance - proposal " + p.id() + " expired: " + reason);
        ctx.log.proposal = null;
        ctx.log.proposalEvents.add(new ProposalEvent.Expired(p.id(), reason));
    }

    /**
     * An applied proposal: once nothing moves, its next wave starts through the command path (the same veto and
     * keep-together handling as an operator's migrate); a move whose resource is no longer where the proposal
     * found it is skipped. The cluster may change under a running proposal, but not before its first wave.
     */
    private static void continueApplied(RoundContext ctx, Proposal p) {
        if (moving(ctx)) {
            return;
        }
        if (p.wavesStarted() == 0) {
            String change = ProposalBasis.of(ctx).changeSince(p.basis());
            if (change != null) {
                expire(ctx, p, change + " (before its first wave ran)");
                return;
            }
        }
        if (p.wavesStarted() >= p.waves().size()) {
            ctx.log.add("info", "auto rebalance - proposal " + p.id() + " done");
            ctx.log.proposal = null;
            ctx.log.proposalEvents.add(new ProposalEvent.Done(p.id()));
            return;
        }
        int number = p.wavesStarted() + 1;
        List<String> started = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Proposal.Move m : p.waves().get(p.wavesStarted()).moves()) {
            ServiceEntry e = ctx.ss.get(m.sid());
            if (e == null || e.state != ServiceState.STARTED || !m.from().equals(e.node)
                    || !ctx.usage.online().contains(m.to())) {
                String why = e == null ? "no longer an HA resource" : !m.from().equals(e.node)
                        ? "now on " + e.node : e.state != ServiceState.STARTED ? "in state " + e.state.key()
                        : "node " + m.to() + " is not online";
                skipped.add(m.sid() + " (" + why + ")");
                ctx.log.decision(m.sid(), "proposal", "skip " + m.kind() + " to " + m.to(),
                        "proposal " + p.id() + " wave " + number + ": " + why);
                continue;
            }
            ctx.log.add("info", String.format(Locale.ROOT, "auto rebalance - proposal %s wave %d: %s %s to %s",
                    p.id(), number, m.kind(), m.sid(), m.to()));
            ctx.log.decision(m.sid(), "proposal", m.kind() + " to " + m.to(),
                    "approved proposal " + p.id() + " wave " + number + " of " + p.waves().size() + ": " + m.reason());
            CommandHandler.executeMigration(ctx, m.kind() + " " + m.sid() + " " + m.to(), m.kind(), m.sid(), m.to());
            started.add(m.sid());
        }
        ctx.log.proposal = p.withWavesStarted(number);
        ctx.log.proposalEvents.add(new ProposalEvent.WaveStarted(p.id(), number, started, skipped));
    }

    private static long memoryOf(RoundContext ctx, BundleCandidate c) {
        long mem = 0;
        for (String member : c.members()) {
            mem += (long) ctx.usage.model().movedLoad(c.stats().getOrDefault(member, ResourceStats.NONE))[1];
        }
        return mem;
    }

    /** Rebalancing plans aim at the policy's threshold, on step limits only (no wall clock). */
    static PlanRequest.Settings planSettings(AutoRebalancePolicy policy) {
        return new PlanRequest.Settings(false, 2, PLAN_WAVE_CAP, null, 0, 500, 125, policy, false);
    }

    /** A feasible plan with what a proposal needs from its solve: each unit's load and the usage it started on. */
    private record PlannedMoves(PlanResult plan, Map<String, double[]> load, List<NodeUsage> usage) {

        Map<String, PlanResult.UnitExplanation> why() {
            Map<String, PlanResult.UnitExplanation> why = new TreeMap<>();
            plan.explanation().units().forEach(u -> why.put(u.unit(), u));
            return why;
        }

        String reason(PlanResult.UnitExplanation e, int wave) {
            return String.format(Locale.ROOT, "plan (%d migrations in %d waves, this is wave %d): imbalance %.4f "
                            + "above threshold, %.4f after the plan; score %s; other nodes: %s", plan.migrations(),
                    plan.waves().size(), wave, plan.imbalanceBefore(), plan.imbalanceAfter(), plan.score(),
                    e == null ? "-" : e.rejected().stream().map(r -> r.node() + " " + r.reason()).toList());
        }

        /** Every wave with the imbalance expected after it (the usage model's loads shifted move by move). */
        List<Proposal.Wave> waves(RoundContext ctx) {
            Map<String, PlanResult.UnitExplanation> why = why();
            LoadAfterMoves after = new LoadAfterMoves(usage);
            List<Proposal.Wave> out = new ArrayList<>();
            for (int i = 0; i < plan.waves().size(); i++) {
                List<Proposal.Move> moves = new ArrayList<>();
                for (PlanResult.Move m : plan.waves().get(i)) {
                    double[] l = load.get(m.unit());
                    after.move(m.from(), m.to(), l);
                    moves.add(new Proposal.Move(m.unit(), m.members(), m.from(), m.to(),
                            ctx.config(m.unit()).moveAction(), (long) l[1], reason(why.get(m.unit()), i + 1)));
                }
                out.add(new Proposal.Wave(moves, after.imbalance()));
            }
            return out;
        }
    }

    /** Full automation: the plan's first wave runs now, the rest is re-planned once nothing moves. */
    private static void runFirstWave(RoundContext ctx, PlannedMoves planned) {
        PlanResult plan = planned.plan();
        Map<String, PlanResult.UnitExplanation> why = planned.why();
        for (PlanResult.Move move : plan.waves().get(0)) {
            ServiceConfig cd = ctx.config(move.unit());
            String task = cd.moveAction();
            ctx.log.add("info", String.format(Locale.ROOT,
                    "auto rebalance - %s %s to %s (expected change for imbalance from %.2f to %.2f)", task,
                    move.unit(), move.to(), plan.imbalanceBefore(), plan.imbalanceAfter()));
            ctx.log.decision(move.unit(), "auto-rebalance", task + " to " + move.to(),
                    planned.reason(why.get(move.unit()), 1));
            CommandHandler.executeMigration(ctx, task + " " + move.unit() + " " + move.to(), task, move.unit(),
                    move.to());
        }
    }

    /**
     * Method {@code plan}: one Timefold solve over the active stationary bundles (targets and keep-separate as
     * for greedy; everything else is fixed load), accepted only if its final imbalance beats the margin.
     */
    private static Optional<PlannedMoves> solvePlan(RoundContext ctx, AutoRebalancePolicy policy) {
        List<BundleCandidate> candidates = candidates(ctx);
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        UsageModel model = ctx.usage.model();
        Map<String, double[]> fixed = new TreeMap<>();
        List<PlanRequest.Node> nodes = new ArrayList<>();
        for (NodeUsage n : model.nodeUsage()) {
            fixed.put(n.name(), new double[] {n.cpu(), n.mem()});
            nodes.add(new PlanRequest.Node(n.name(), n.maxCpu(), (long) n.maxMem()));
        }
        Map<String, String> leaderOf = new TreeMap<>();
        Map<String, double[]> unitLoad = new TreeMap<>();
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
            unitLoad.put(c.leader(), new double[] {cpu, mem});
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
            return Optional.empty();
        }
        return Optional.of(new PlannedMoves(plan, unitLoad, List.copyOf(model.nodeUsage())));
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
