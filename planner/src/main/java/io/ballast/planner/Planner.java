package io.ballast.planner;

import ai.timefold.solver.core.api.score.analysis.ScoreAnalysis;
import ai.timefold.solver.core.api.score.buildin.hardmediumsoftlong.HardMediumSoftLongScore;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Timefold plans (method {@code plan}): places a batch and rebalances in one solve, then orders the moves
 * into executable waves. No Timefold type leaves this class.
 */
public final class Planner {
    private static final long MIB = 1024L * 1024;
    /** Safety net only; the step limits decide normally, so results do not depend on machine speed. */
    private static final Duration SAFETY_TIME_LIMIT = Duration.ofSeconds(10);
    private static final long MOVES_PER_STEP = 100;

    public PlanResult plan(PlanRequest request) {
        Map<String, PlanNode> nodes = new TreeMap<>();
        for (PlanRequest.Node n : request.nodes()) {
            if (nodes.put(n.name(), new PlanNode(n.name(), Math.round(n.maxCpu() * 1000), n.maxMem() / MIB,
                    request.settings().memoryLimit())) != null) {
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
            Map<String, Integer> allowed = new TreeMap<>();
            u.allowed().forEach((node, prio) -> {
                if (nodes.containsKey(node)) {
                    allowed.put(node, prio);
                }
            });
            if (allowed.isEmpty()) {
                throw new IllegalArgumentException("unit '" + u.id() + "': none of its allowed nodes is online");
            }
            units.add(new PlanUnit(u.id(), Math.round(u.cpu() * 1000), (u.mem() + MIB - 1) / MIB,
                    u.currentNode() != null && nodes.containsKey(u.currentNode()) ? u.currentNode() : null,
                    allowed, u.maintenanceNode(),
                    separate.getOrDefault(u.id(), Set.of()), null));
        }
        List<PlanNode> nodeList = List.copyOf(nodes.values());
        InitialPlacement.apply(nodeList, units);
        PlanSolution problem = new PlanSolution(nodeList, units,
                new PlanWeights(request.settings().migrationCost()));
        double before = imbalance(nodeList, units, true);

        SolverFactory<PlanSolution> factory = SolverFactory.create(solverConfig(request.settings()));
        // Step limit 0 = construction only (fast failover): no solver is built, the analysis still scores it.
        boolean search = !units.isEmpty() && request.settings().stepLimit() > 0;
        PlanSolution solved = search ? factory.buildSolver().solve(problem) : problem;
        SolutionManager<PlanSolution, HardMediumSoftLongScore> manager = SolutionManager.create(factory);
        ScoreAnalysis<HardMediumSoftLongScore> analysis = manager.analyze(solved);
        HardMediumSoftLongScore score = analysis.score();

        double after = imbalance(nodeList, solved.getUnits(), false);
        Map<String, PlanRequest.Unit> byId = new TreeMap<>();
        request.units().forEach(u -> byId.put(u.id(), u));
        boolean placementNeeded = solved.getUnits().stream().anyMatch(u -> u.getCurrentNode() == null);
        var policy = request.settings().policy();
        String note = null;
        List<List<Move>> waves;
        if (!placementNeeded && policy != null && !policy.accepts(before, after)) {
            note = String.format("plan improves imbalance %.4f -> %.4f, below margin %.2f", before, after,
                    policy.margin());
            solved.getUnits().forEach(u -> u.setNode(nodes.get(u.getCurrentNode())));
            waves = List.of();
            after = before;
        } else {
            waves = WaveScheduler.schedule(nodeList, solved.getUnits(), byId, request.settings());
        }
        List<Placement> placements = new ArrayList<>();
        long moved = 0;
        for (PlanUnit u : solved.getUnits()) {
            placements.add(new Placement(u.getId(), u.getCurrentNode(), u.getNode().name()));
            if (u.isMigrated()) {
                moved += byId.get(u.getId()).mem();
            }
        }
        boolean executable = waves.stream().mapToInt(List::size).sum()
                == solved.getUnits().stream().filter(u -> !u.getNode().name().equals(u.getCurrentNode())).count();
        if (!executable && note == null) {
            note = "some moves could not be ordered into feasible waves (circular dependency); they are left out";
        }
        Explanation explanation = new Explanation(impacts(analysis), explainUnits(nodeList, solved.getUnits()));
        return new PlanResult(placements, waves, score.isFeasible(), score.toString(), before, after, moved,
                explanation, note);
    }

    private static SolverConfig solverConfig(PlanRequest.Settings settings) {
        return new SolverConfig()
                .withSolutionClass(PlanSolution.class)
                .withEntityClasses(PlanUnit.class)
                .withConstraintProviderClass(PlanConstraints.class)
                .withEnvironmentMode(EnvironmentMode.REPRODUCIBLE)
                .withRandomSeed(settings.seed())
                // Move-count limit: with few units every move can be tabu, so no step is taken and the
                // step limits alone would never fire.
                .withTerminationConfig(new TerminationConfig().withSpentLimit(SAFETY_TIME_LIMIT)
                        .withMoveCountLimit(MOVES_PER_STEP * settings.stepLimit()))
                .withPhases(new LocalSearchPhaseConfig().withTerminationConfig(new TerminationConfig()
                        .withStepCountLimit(settings.stepLimit())
                        .withUnimprovedStepCountLimit(settings.unimprovedStepLimit())));
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

    private static List<ConstraintImpact> impacts(ScoreAnalysis<HardMediumSoftLongScore> analysis) {
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
