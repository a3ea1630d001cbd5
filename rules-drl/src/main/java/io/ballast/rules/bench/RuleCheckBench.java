package io.ballast.rules.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.ballast.rules.cli.CliArgs;
import io.ballast.rules.RuleCheckResult;
import io.ballast.rules.config.Affinity;
import io.ballast.rules.config.NodeAffinityRule;
import io.ballast.rules.config.ResourceAffinityRule;
import io.ballast.rules.config.RuleSet;
import io.ballast.rules.engine.DrlRuleChecker;
import io.ballast.rules.engine.RuleBase;
import io.ballast.rules.facts.PlacementFactsDrl.Occupies;
import io.ballast.rules.placement.PlacementFacts;
import io.ballast.rules.placement.PlacementPolicy;
import io.ballast.rules.placement.PolicySession;
import io.ballast.rules.placement.PolicyUnit;

/**
 * Prints the DRL rule count, the rule-base load time and the rule-check time for a synthetic cluster
 * (default 10,000 resources, 64 nodes, one rule per 10 resources), and the placement evaluation of every resource. Not a test:
 * run {@code ./ballast rules bench --resources 10000 --nodes 64}.
 */
public final class RuleCheckBench {

    private RuleCheckBench() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static final String USAGE = "usage: ballast rules bench [--resources N] [--nodes M] [--units U] [--json]";
    private static final String HELP = USAGE + """


            Times the DRL rule base on a generated cluster (one rule per ten resources): the rule-base load, the
            rule check, and the placement evaluation (a full session and incremental rounds). Progress goes to
            stderr, the figures to stdout. About a minute at the default size.
              --resources N   resources (default 10000)
              --nodes M       nodes, at least 2 (default 64)
              --units U       placement units evaluated (default: one per resource)
              --json          one JSON line instead of the text lines
            """;

    /** {@code ballast rules bench [--resources N] [--nodes M] [--units U]}; returns the exit code. */
    public static int run(String[] args, java.io.PrintStream out, java.io.PrintStream err) {
        int resources = 10_000;
        int nodeCount = 64;
        Integer unitsArg = null;
        boolean json = false;
        if (CliArgs.wantsHelp(args)) {
            out.print(HELP);
            return 0;
        }
        try {
            CliArgs cli = new CliArgs(args);
            while (cli.hasNext()) {
                String a = cli.next();
                switch (a) {
                    case "--json" -> json = true;
                    case "--resources" -> resources = cli.intValue(a, 1);
                    case "--nodes" -> nodeCount = cli.intValue(a, 2);
                    case "--units" -> unitsArg = cli.intValue(a, 1);
                    default -> throw CliArgs.unknown(a);
                }
            }
        } catch (CliArgs.UsageException e) {
            return CliArgs.fail(err, "rules bench", e.getMessage(), USAGE);
        }
        // a run takes about a minute at the default size: say what is going on, on stderr (stdout stays the result)
        err.println("rules bench: loading the rule base ...");
        long t0 = System.nanoTime();
        RuleBase base = RuleBase.packaged();
        long loadMs = (System.nanoTime() - t0) / 1_000_000;
        DrlRuleChecker checker = new DrlRuleChecker(base);

        List<String> nodes = new ArrayList<>();
        for (int n = 1; n <= nodeCount; n++) {
            nodes.add(String.format("node%02d", n));
        }
        List<String> sids = new ArrayList<>();
        for (int i = 0; i < resources; i++) {
            sids.add("vm:" + (100_000 + i));
        }
        RuleSet rules = generatedRules(sids, nodes);
        List<NodeAffinityRule> nodeRules = rules.nodeAffinity();
        List<ResourceAffinityRule> resourceRules = rules.resourceAffinity();
        RuleCheckResult result = null;
        err.printf("rules bench: checking %d rules on %d resources, %d nodes (3 warm-up + 5 timed checks) ...%n",
                rules.nodeAffinity().size() + rules.resourceAffinity().size(), resources, nodeCount);
        for (int warm = 0; warm < 3; warm++) {
            result = checker.check(rules, nodes, sids);
        }
        int runs = 5;
        long t1 = System.nanoTime();
        for (int r = 0; r < runs; r++) {
            result = checker.check(rules, nodes, sids);
        }
        long checkMs = (System.nanoTime() - t1) / 1_000_000 / runs;
        if (!json) {
            out.printf("DRL rules: %d%nrule base load: %d ms%nrules: %d, resources: %d, nodes: %d%n"
                            + "rule check: %d ms per check (dropped %d, warnings %d)%n",
                    base.ruleCount(), loadMs, nodeRules.size() + resourceRules.size(), resources, nodeCount, checkMs,
                    result.dropped().size(), result.warnings().size());
        }

        // placement: one unit per resource, node 1 in maintenance
        List<PlacementFacts.Node> placementNodes = new ArrayList<>();
        for (String n : nodes) {
            placementNodes.add(new PlacementFacts.Node(n, true, n.equals(nodes.get(0))));
        }
        List<PlacementFacts.Unit> units = new ArrayList<>();
        Map<String, java.util.SortedSet<String>> occupied = new TreeMap<>();
        int placementUnits = Math.min(resources, unitsArg == null ? resources : unitsArg);
        for (int i = 0; i < placementUnits; i++) {
            String current = nodes.get(i % nodeCount);
            units.add(new PlacementFacts.Unit(sids.get(i), List.of(sids.get(i)), current, null, true, List.of()));
            occupied.put(sids.get(i), new java.util.TreeSet<>(List.of(current)));
        }
        PlacementFacts facts = new PlacementFacts(placementNodes, units, result.compiled(), occupied);
        err.printf("rules bench: placement evaluation of %d units (warm-up and one timed full session) ...%n",
                units.size());
        full(base, facts); // warm-up: the first session compiles the rule network's code paths
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long t2 = System.nanoTime();
        long c2 = cpu.getCurrentThreadCpuTime();
        PolicySession session = full(base, facts);
        long fullMs = (System.nanoTime() - t2) / 1_000_000;
        long fullCpuMs = (cpu.getCurrentThreadCpuTime() - c2) / 1_000_000;
        long moving = units.stream().filter(u -> !session.verdict(u.id()).mustMove().isEmpty()).count();

        // incremental rounds: 1 % of the units move to the next node, then every one of them is asked again
        int changed = Math.max(1, units.size() / 100);
        err.println("rules bench: 7 incremental rounds ...");
        java.util.Random random = new java.util.Random(42);
        List<Long> rounds = new ArrayList<>();
        List<Long> roundsCpu = new ArrayList<>();
        for (int round = 0; round < 7; round++) {
            long t3 = System.nanoTime();
            long c3 = cpu.getCurrentThreadCpuTime();
            for (int c = 0; c < changed; c++) {
                PlacementFacts.Unit u = units.get(random.nextInt(units.size()));
                String next = nodes.get(1 + random.nextInt(nodeCount - 1));
                session.unit(new PolicyUnit(u.id(), next, null, true, false, result.compiled().nodeAffinityOf(u.id()),
                        result.compiled().keepApart(u.id()), List.of(), new java.util.TreeSet<>(), null));
                session.occupies(u.id(), new TreeMap<>(Map.of(next, Occupies.SETTLED)));
                session.verdict(u.id());
            }
            rounds.add(System.nanoTime() - t3);
            roundsCpu.add(cpu.getCurrentThreadCpuTime() - c3);
        }
        session.close();
        rounds.sort(null);
        roundsCpu.sort(null);
        long incrementalMs = rounds.get(rounds.size() / 2) / 1_000_000;
        long incrementalCpuMs = roundsCpu.get(roundsCpu.size() / 2) / 1_000_000;
        if (json) {
            out.printf("{\"full_ms\": %d, \"incremental_ms\": %d, \"units\": %d, \"nodes\": %d, \"rules\": %d, "
                            + "\"full_cpu_ms\": %d, \"incremental_cpu_ms\": %d}%n",
                    fullMs, incrementalMs, units.size(), nodeCount, nodeRules.size() + resourceRules.size(), fullCpuMs,
                    incrementalCpuMs);
        } else {
            out.printf("placement evaluation, full: %d ms (%d ms CPU) for %d units x %d nodes (%d must move)%n",
                    fullMs, fullCpuMs, units.size(), nodeCount, moving);
            out.printf("placement evaluation, incremental round: %d ms (%d ms CPU; median of %d rounds, %d units "
                    + "changed each)%n", incrementalMs, incrementalCpuMs, rounds.size(), changed);
        }
        return 0;
    }

    /**
     * One rule per ten resources, in turn: a non-strict node affinity of two resources to two nodes, a keep-together
     * pair, a keep-separate triple (the benches' generated rule set).
     */
    public static RuleSet generatedRules(List<String> sids, List<String> nodes) {
        List<NodeAffinityRule> nodeRules = new ArrayList<>();
        List<ResourceAffinityRule> resourceRules = new ArrayList<>();
        int nodeCount = nodes.size();
        for (int i = 0; i + 10 <= sids.size(); i += 10) {
            int k = i / 10;
            switch (k % 3) {
                case 0 -> nodeRules.add(new NodeAffinityRule("na" + k, List.of(sids.get(i), sids.get(i + 1)),
                        new TreeMap<>(Map.of(nodes.get(k % nodeCount), 0, nodes.get((k + 1) % nodeCount), 0)), false,
                        false, null, k));
                case 1 -> resourceRules.add(new ResourceAffinityRule("pos" + k, List.of(sids.get(i), sids.get(i + 1)),
                        Affinity.POSITIVE, false, null, k));
                default -> resourceRules.add(new ResourceAffinityRule("neg" + k,
                        List.of(sids.get(i), sids.get(i + 1), sids.get(i + 2)), Affinity.NEGATIVE, false, null, k));
            }
        }
        return new RuleSet(nodeRules, resourceRules);
    }

    /** A new session holding the whole snapshot, with every unit's verdict read once. */
    private static PolicySession full(RuleBase base, PlacementFacts facts) {
        PolicySession session = new PolicySession(base);
        PlacementPolicy.load(session, facts);
        facts.units().forEach(u -> session.verdict(u.id()));
        return session;
    }
}
