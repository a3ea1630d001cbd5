package io.ballast.planner;

import ai.timefold.solver.core.api.score.analysis.ScoreAnalysis;
import ai.timefold.solver.core.api.score.buildin.bendablelong.BendableLongScore;
import ai.timefold.solver.core.api.solver.SolutionManager;
import ai.timefold.solver.core.api.solver.Solver;
import ai.timefold.solver.core.api.solver.SolverFactory;
import ai.timefold.solver.core.config.localsearch.LocalSearchPhaseConfig;
import ai.timefold.solver.core.config.solver.EnvironmentMode;
import ai.timefold.solver.core.config.solver.SolverConfig;
import ai.timefold.solver.core.config.solver.termination.TerminationConfig;
import io.ballast.planner.PlanResult.ConstraintImpact;
import io.ballast.planner.PlanResult.Explanation;
import io.ballast.planner.PlanResult.Move;
import io.ballast.planner.PlanResult.Placement;
import io.ballast.planner.PlanResult.Rejection;
import io.ballast.planner.PlanResult.UnitExplanation;
import io.ballast.planner.plan.PlanConstraints;
import io.ballast.planner.plan.PlanNode;
import io.ballast.planner.plan.PlanSolution;
import io.ballast.planner.plan.PlanUnit;
import io.ballast.planner.plan.PlanWeights;
import io.ballast.planner.plan.WaveScheduler;
import io.ballast.planner.usage.Imbalance;
import io.ballast.planner.usage.NodeUsage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Timefold plans (method {@code plan}): places a batch and rebalances in one solve, then orders the moves
 * into executable waves. No Timefold type leaves this class.
 */
public final class Planner {
    private static final long MIB = 1024L * 1024;
    private static final long MOVES_PER_STEP = 100;

    /**
     * Built once per (environment mode, seed, step limits): building a factory parses the model and costs more
     * than a small solve.
     */
    private static final Map<String, SolverFactory<PlanSolution>> FACTORIES = new ConcurrentHashMap<>();

    private final EnvironmentMode mode;

    public Planner() {
        this(EnvironmentMode.REPRODUCIBLE);
    }

    /** Tests: {@code FULL_ASSERT} recomputes the score from scratch after every move and compares. */
    Planner(EnvironmentMode mode) {
        this.mode = mode;
    }

    public PlanResult plan(PlanRequest request) {
        PlanRequest.Settings settings = request.settings();
        Map<String, PlanNode> nodes = new TreeMap<>();
        for (PlanRequest.Node n : request.nodes()) {
            if (nodes.put(n.name(), new PlanNode(n.name(), Math.round(n.maxCpu() * 1000), n.maxMem() / MIB,
                    settings.memoryLimit())) != null) {
                throw new IllegalArgumentException("node '" + n.name() + "' listed twice");
            }
        }
        Map<String, Set<String>> separate = new TreeMap<>();
        for (PlanRequest.SeparatePair pair : request.separate()) {
            separate.computeIfAbsent(pair.a(), k -> new TreeSet<>()).add(pair.b());
            separate.computeIfAbsent(pair.b(), k -> new TreeSet<>()).add(pair.a());
        }
        List<PlanRequest.Unit> sortedUnits = new ArrayList<>(request.units());
        sortedUnits.sort(Comparator.comparing(PlanRequest.Unit::id));
        List<PlanUnit> units = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (PlanRequest.Unit u : sortedUnits) {
            if (!ids.add(u.id())) {
                throw new IllegalArgumentException("unit '" + u.id() + "' listed twice");
            }
            Map<String, Integer> allowed = u.allowed();
            if (!nodes.keySet().containsAll(allowed.keySet())) { // copy only when an allowed node is offline
                allowed = new TreeMap<>();
                for (var e : u.allowed().entrySet()) {
                    if (nodes.containsKey(e.getKey())) {
                        allowed.put(e.getKey(), e.getValue());
                    }
                }
            }
            if (allowed.isEmpty()) {
                throw new IllegalArgumentException("unit '" + u.id() + "': none of its allowed nodes is online");
            }
            units.add(new PlanUnit(u.id(), Math.round(u.cpu() * 1000), (u.mem() + MIB - 1) / MIB,
                    u.currentNode() != null && nodes.containsKey(u.currentNode()) ? u.currentNode() : null,
                    allowed, u.maintenanceNode(),
                    separate.getOrDefault(u.id(), Set.of()), u.relocate(), null));
        }
        InitialPlacement.apply(List.copyOf(nodes.values()), units);

        // Failover: units that keep their node are folded into it as fixed load; only the batch is planned.
        List<PlanUnit> planned = new ArrayList<>();
        List<PlanUnit> fixed = new ArrayList<>();
        for (PlanUnit u : units) {
            boolean stays = settings.fixStationary() && u.getCurrentNode() != null
                    && u.getNode().name().equals(u.getCurrentNode());
            (stays ? fixed : planned).add(u);
        }
        List<PlanNode> nodeList = withFixedLoad(nodes.values(), fixed);
        Map<String, PlanNode> byName = new TreeMap<>();
        nodeList.forEach(n -> byName.put(n.name(), n));
        units.forEach(u -> u.setNode(byName.get(u.getNode().name())));

        double before = imbalance(nodeList, units, true);
        long targetPpm = Math.round(settings.targetImbalance() * 1_000_000);
        if (settings.policy() != null && before > 0) {
            // The whole plan must pass the policy's margin: aim low enough for it (one millionth below, for
            // rounding), or a cluster just above the threshold would get a plan that is then refused.
            targetPpm = Math.min(targetPpm, (long) Math.floor(before * (1 - settings.policy().margin()) * 1_000_000) - 1);
            targetPpm = Math.max(0, targetPpm);
        }
        if (!settings.fixStationary() && settings.stepLimit() > 0) {
            LeastDisruption.apply(nodeList, planned, targetPpm);
        }
        PlanSolution problem = new PlanSolution(nodeList, planned, new PlanWeights(targetPpm));
        SolverFactory<PlanSolution> factory = FACTORIES.computeIfAbsent(
                mode + "/" + settings.seed() + "/" + settings.stepLimit() + "/" + settings.unimprovedStepLimit(),
                k -> SolverFactory.create(solverConfig(settings, mode)));
        SolutionManager<PlanSolution, BendableLongScore> manager = SolutionManager.create(factory);
        // Step limit 0 = construction only (fast failover): no solver runs, the score is still computed.
        boolean search = !planned.isEmpty() && settings.stepLimit() > 0;
        PlanSolution solved = search ? factory.buildSolver().solve(problem) : problem;
        if (!search) {
            manager.update(solved);
        }
        BendableLongScore score = solved.getScore();

        List<PlanUnit> all = new ArrayList<>(fixed);
        all.addAll(solved.getUnits());
        all.sort(Comparator.comparing(PlanUnit::getId));
        double after = imbalance(nodeList, all, false);
        Map<String, PlanRequest.Unit> byId = new TreeMap<>();
        request.units().forEach(u -> byId.put(u.id(), u));
        boolean placementNeeded = all.stream().anyMatch(u -> u.getCurrentNode() == null);
        var policy = settings.policy();
        String note = null;
        List<List<Move>> waves;
        if (!placementNeeded && policy != null && !policy.accepts(before, after)) {
            note = String.format(java.util.Locale.ROOT, "plan improves imbalance %.4f -> %.4f, below margin %.2f",
                    before, after, policy.margin());
            all.forEach(u -> u.setNode(byName.get(u.getCurrentNode())));
            waves = List.of();
            after = before;
        } else {
            waves = WaveScheduler.schedule(nodeList, all, byId, settings);
        }
        List<Placement> placements = new ArrayList<>();
        long moved = 0;
        long changed = 0;
        for (PlanUnit u : all) {
            placements.add(new Placement(u.getId(), u.getCurrentNode(), u.getNode().name()));
            if (u.isMigrated()) {
                moved += byId.get(u.getId()).mem();
            }
            if (!u.getNode().name().equals(u.getCurrentNode())) {
                changed++;
            }
        }
        boolean executable = waves.stream().mapToInt(List::size).sum() == changed;
        if (!executable && note == null) {
            note = "some moves could not be ordered into feasible waves (circular dependency); they are left out";
        }
        PlanSolution analysed = solved;
        Supplier<Explanation> explainer = () -> new Explanation(impacts(manager.analyze(analysed)),
                explainUnits(nodeList, all));
        return new PlanResult(placements, waves, score.isFeasible(), score.toString(), before, after, moved,
                explainer, note);
    }

    /** Nodes carrying the load and ids of the units that stay (no planning entity for them). */
    private static List<PlanNode> withFixedLoad(java.util.Collection<PlanNode> nodes, List<PlanUnit> fixed) {
        Map<String, long[]> base = new TreeMap<>();
        Map<String, Set<String>> ids = new TreeMap<>();
        for (PlanUnit u : fixed) {
            long[] b = base.computeIfAbsent(u.getCurrentNode(), k -> new long[2]);
            b[0] += u.getCpuMilli();
            b[1] += u.getMemMib();
            ids.computeIfAbsent(u.getCurrentNode(), k -> new HashSet<>()).add(u.getId());
        }
        List<PlanNode> result = new ArrayList<>();
        for (PlanNode n : nodes) {
            long[] b = base.getOrDefault(n.name(), new long[2]);
            result.add(new PlanNode(n.name(), n.cpuMilli(), n.memMib(), n.memoryLimit(), b[0], b[1],
                    ids.getOrDefault(n.name(), Set.of())));
        }
        return List.copyOf(result);
    }

    private static SolverConfig solverConfig(PlanRequest.Settings settings, EnvironmentMode mode) {
        return new SolverConfig()
                .withSolutionClass(PlanSolution.class)
                .withEntityClasses(PlanUnit.class)
                .withConstraintProviderClass(PlanConstraints.class)
                .withEnvironmentMode(mode)
                .withRandomSeed(settings.seed())
                // Move-count limit: with few units every move can be tabu, so no step is taken and the
                // step limits alone would never fire.
                // No time limit: step and move counts alone end the solve, so a plan never depends on the
                // machine's speed or load (the same input gives the same plan).
                .withTerminationConfig(new TerminationConfig().withMoveCountLimit(MOVES_PER_STEP * Math.max(1, settings.stepLimit())))
                .withPhases(new LocalSearchPhaseConfig().withTerminationConfig(new TerminationConfig()
                        .withStepCountLimit(Math.max(1, settings.stepLimit()))
                        .withUnimprovedStepCountLimit(Math.max(1, settings.unimprovedStepLimit()))));
    }

    /** Imbalance (spec §3.7) of the current ({@code current}=true) or planned placement. */
    static double imbalance(List<PlanNode> nodes, List<PlanUnit> units, boolean current) {
        Map<String, double[]> used = new LinkedHashMap<>();
        nodes.forEach(n -> used.put(n.name(), new double[2]));
        for (PlanUnit u : units) {
            String node = current ? u.getCurrentNode() : u.getNode().name();
            if (node != null) {
                used.get(node)[0] += u.getCpuMilli();
                used.get(node)[1] += u.getMemMib();
            }
        }
        List<NodeUsage> usage = new ArrayList<>();
        nodes.forEach(n -> usage.add(new NodeUsage(n.name(), used.get(n.name())[0], used.get(n.name())[1],
                n.cpuMilli(), n.memMib())));
        return Imbalance.of(usage);
    }

    private static List<ConstraintImpact> impacts(ScoreAnalysis<BendableLongScore> analysis) {
        List<ConstraintImpact> impacts = new ArrayList<>();
        analysis.constraintMap().forEach((ref, c) -> impacts.add(new ConstraintImpact(ref.constraintName(),
                c.score().toString(), c.matchCount())));
        impacts.sort(Comparator.comparing(ConstraintImpact::constraint));
        return impacts;
    }

    /** For each moved or placed unit, why every other node lost: the hard constraint that excludes it, else the score. */
    private static List<UnitExplanation> explainUnits(List<PlanNode> nodes, List<PlanUnit> units) {
        Map<String, Long> memUsed = new TreeMap<>();
        Map<String, Set<String>> hosted = new TreeMap<>();
        for (PlanUnit u : units) {
            memUsed.merge(u.getNode().name(), u.getMemMib(), Long::sum);
            hosted.computeIfAbsent(u.getNode().name(), k -> new TreeSet<>()).add(u.getId());
        }
        List<UnitExplanation> result = new ArrayList<>();
        for (PlanUnit u : units) {
            if (u.getNode().name().equals(u.getCurrentNode())) {
                continue; // only units that move or are placed are explained (keeps large plans cheap)
            }
            List<Rejection> rejected = new ArrayList<>();
            for (PlanNode n : nodes) {
                if (n.equals(u.getNode())) {
                    continue;
                }
                String reason;
                if (!u.isAllowedOn(n)) {
                    reason = PlanConstraints.NOT_ALLOWED;
                } else if (hosted.getOrDefault(n.name(), Set.of()).stream().anyMatch(u.getSeparateFrom()::contains)) {
                    reason = PlanConstraints.KEEP_SEPARATE;
                } else if (n.memoryLimit() && memUsed.getOrDefault(n.name(), 0L) + u.getMemMib() > n.memMib()) {
                    reason = PlanConstraints.MEMORY_CAPACITY;
                } else if (u.getAllowed().get(n.name()) < u.getAllowed().getOrDefault(u.getNode().name(), 0)) {
                    reason = PlanConstraints.PRIORITY_CLASS;
                } else {
                    reason = "score";
                }
                rejected.add(new Rejection(n.name(), reason));
            }
            result.add(new UnitExplanation(u.getId(), u.getNode().name(), rejected));
        }
        return result;
    }
}
