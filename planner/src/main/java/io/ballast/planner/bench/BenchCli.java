package io.ballast.planner.bench;

import io.ballast.rules.cli.CliArgs;
import io.ballast.planner.PlanRequest;
import io.ballast.planner.PlanResult;
import io.ballast.planner.Planner;
import io.ballast.planner.rebalance.AutoRebalancePolicy;
import io.ballast.planner.rebalance.BundleCandidate;
import io.ballast.planner.rebalance.GreedyRebalancer;
import io.ballast.planner.rebalance.RebalanceChoice;
import io.ballast.planner.rebalance.RebalanceMethod;
import io.ballast.planner.usage.NodeStats;
import io.ballast.rules.RuleCheckers;
import io.ballast.rules.compiled.NodeAffinity;
import io.ballast.rules.facts.PlacementFactsDrl.NodeFact;
import io.ballast.rules.facts.PlacementFactsDrl.Occupies;
import io.ballast.rules.placement.PolicySession;
import io.ballast.rules.placement.PolicyUnit;
import io.ballast.planner.usage.ResourceStats;
import io.ballast.planner.usage.SchedulerMode;
import io.ballast.planner.usage.UsageModel;
import io.ballast.planner.usage.UsageModels;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code ballast bench rebalance|failover [--nodes N] [--guests M] [--seed S] [--margin %] [--threshold %]
 * [--target %] [--steps N] [--json]}: compares greedy bruteforce, greedy topsis (round after round until no
 * move passes the margin) and the Timefold plan on a generated heterogeneous cluster, or on a cluster snapshot
 * given with {@code --input} (see SnapshotReader).
 */
public final class BenchCli {
    private static final long GIB = 1024L * 1024 * 1024;
    /** Greedy runs stop here at the latest so a benchmark always ends. */
    private static final int MAX_GREEDY_ROUNDS = 5_000;
    /** Failover: solves after the cold one; the reported figure is the median of the second half. */
    private static final int WARM_RUNS = 20;

    private BenchCli() {
    }

    /** One guest; {@code allowed} = node-affinity (node → priority, higher preferred). */
    record Guest(String id, String node, double cpu, long mem, Map<String, Integer> allowed) {
    }

    /**
     * @param separate keep-separate pairs of guest ids
     * @param together keep-together groups of guest ids (each group runs on one node)
     */
    record Cluster(List<PlanRequest.Node> nodes, List<Guest> guests, List<PlanRequest.SeparatePair> separate,
                   List<List<String>> together) {
        Cluster(List<PlanRequest.Node> nodes, List<Guest> guests, List<PlanRequest.SeparatePair> separate) {
            this(nodes, guests, separate, List.of());
        }
    }

    /** A bundle (spec §5): a keep-together group or a single guest, moved as one. */
    record Bundle(String id, List<String> members, String node, double cpu, long mem, Map<String, Integer> allowed) {
    }

    record Options(double margin, double threshold, Double target, int steps, long seed) {
        AutoRebalancePolicy policy() {
            return AutoRebalancePolicy.fromPercent(threshold, 0, margin);
        }
    }

    /**
     * @param placed guests placed (failover: recoveries of the failed node's guests; 0 when rebalancing)
     * @param curve  (migrations, imbalance) after each step, for the plot: a greedy run's rounds, a plan's points
     */
    record Outcome(double before, double after, int migrations, long movedMem, long wallMs, long peakHeap,
                   int placed, List<double[]> curve) {
        Outcome(double before, double after, int migrations, long movedMem, long wallMs, long peakHeap) {
            this(before, after, migrations, movedMem, wallMs, peakHeap, 0, List.of());
        }

        Outcome withCurve(List<double[]> points) {
            return new Outcome(before, after, migrations, movedMem, wallMs, peakHeap, placed, points);
        }
    }

    /** Direct entry for running from the planner jar without the launcher. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    static final String USAGE = "usage: ballast bench rebalance|failover [--nodes N] [--guests M] [--seed S]"
            + " [--margin %] [--threshold %] [--target %] [--steps N] [--input snapshot.json] [--only a,b]"
            + " [--svg file] [--json]";
    private static final String HELP = USAGE + """


            Compares rebalancing strategies (rebalance) or times the recovery plan of a failed node (failover) on a
            generated heterogeneous cluster or a snapshot. Progress goes to stderr, the results to stdout.
              --nodes N         nodes of the generated cluster, at least 2 (default 16)
              --guests M        guests of the generated cluster, at least 1 (default 800)
              --seed S          seed of the generated cluster (default 1)
              --margin %        relative improvement a greedy move needs, 0-100 (default 10)
              --threshold %     imbalance threshold, 0-100 (default 30)
              --target %        the plan's imbalance target, 0-100 (default: the threshold)
              --steps N         the plan's solver step limit (default 500 rebalance, 100 failover)
              --input file      a cluster snapshot (JSON, see docs/performance.md) instead of a generated one
              --only a,b        strategies to run: greedy-bruteforce, greedy-margin0, greedy-topsis, plan
              --svg file        also plot imbalance against migrations to this SVG file
              --json            one JSON object instead of the table
            ballast bench round --help describes the manager round bench.
            """;

    public static int run(String[] args, java.io.PrintStream out, java.io.PrintStream err) {
        if (CliArgs.wantsHelp(args)) {
            out.print(HELP);
            return 0;
        }
        String mode = args.length > 0 ? args[0] : "";
        int nodes = 16;
        int guests = 800;
        long seed = 1;
        double margin = 10;
        double threshold = 30;
        Double target = null;
        int steps = -1;
        boolean json = false;
        Set<String> only = null;
        java.nio.file.Path svg = null;
        java.nio.file.Path input = null;
        Cluster cluster;
        Options options;
        try {
            if (!mode.equals("rebalance") && !mode.equals("failover")) {
                throw new CliArgs.UsageException(mode.isEmpty() ? "give round, rebalance or failover"
                        : "unknown bench '" + mode + "' (round, rebalance or failover)");
            }
            CliArgs cli = new CliArgs(java.util.Arrays.copyOfRange(args, 1, args.length));
            while (cli.hasNext()) {
                String a = cli.next();
                switch (a) {
                    case "--nodes" -> nodes = cli.intValue(a, 2);
                    case "--guests" -> guests = cli.intValue(a, 1);
                    case "--seed" -> seed = cli.longValue(a, Long.MIN_VALUE);
                    case "--margin" -> margin = cli.numberValue(a, 0, 100);
                    case "--threshold" -> threshold = cli.numberValue(a, 0, 100);
                    case "--target" -> target = cli.numberValue(a, 0, 100) / 100;
                    case "--steps" -> steps = cli.intValue(a, 1);
                    case "--json" -> json = true;
                    case "--only" -> only = new TreeSet<>(List.of(cli.value(a).split(",")));
                    case "--svg" -> svg = java.nio.file.Path.of(cli.value(a));
                    case "--input" -> input = java.nio.file.Path.of(cli.value(a));
                    default -> throw CliArgs.unknown(a);
                }
            }
            if (steps < 0) {
                steps = mode.equals("rebalance") ? 500 : 100;
            }
            options = new Options(margin, threshold, target, steps, seed);
            if (only != null && !Set.of(STRATEGIES).containsAll(only)) {
                throw new CliArgs.UsageException("--only: strategies are " + String.join(", ", STRATEGIES));
            }
        } catch (CliArgs.UsageException e) {
            boolean known = mode.equals("rebalance") || mode.equals("failover");
            return CliArgs.fail(err, known ? "bench " + mode : "bench", e.getMessage(), USAGE);
        }
        try {
            cluster = input != null ? SnapshotReader.read(input) : generate(nodes, guests, seed);
        } catch (RuntimeException e) {
            CliArgs.error(err, "bench", (input != null ? input + ": " : "") + e.getMessage());
            return 2;
        }
        err.printf(Locale.ROOT, "bench %s: %d nodes, %d guests%n", mode, cluster.nodes().size(), cluster.guests().size());
        Map<String, Outcome> results = new LinkedHashMap<>();
        double[] bound = null;
        if (mode.equals("rebalance")) {
            Set<String> run = only != null ? only : Set.of(STRATEGIES);
            if (run.contains("greedy-bruteforce")) {
                progress(err, "greedy-bruteforce");
                results.put("greedy-bruteforce", measure(() -> greedy(cluster, RebalanceMethod.BRUTEFORCE, options)));
            }
            if (run.contains("greedy-margin0")) {
                progress(err, "greedy-margin0");
                Options noMargin = new Options(0, options.threshold(), options.target(), options.steps(), options.seed());
                results.put("greedy-margin0", measure(() -> greedy(cluster, RebalanceMethod.BRUTEFORCE, noMargin)));
            }
            if (run.contains("greedy-topsis")) {
                progress(err, "greedy-topsis");
                results.put("greedy-topsis", measure(() -> greedy(cluster, RebalanceMethod.TOPSIS, options)));
            }
            if (run.contains("plan")) {
                progress(err, "plan (cold, then 3 warm solves)");
                PlanRequest request = request(cluster, null, options);
                results.put("plan (cold)", measure(() -> plan(request)));
                List<Outcome> warm = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    warm.add(measure(() -> plan(request)));
                }
                warm.sort(java.util.Comparator.comparingLong(Outcome::wallMs));
                Outcome plan = warm.get(1);
                if (svg != null) {
                    plan = plan.withCurve(planCurve(cluster, options));
                }
                results.put("plan", plan);
            }
            progress(err, "lower bound");
            bound = lowerBound(cluster, options.target() != null ? options.target() : options.threshold() / 100);
        } else {
            String failed = cluster.nodes().get(0).name();
            long lost = cluster.guests().stream().filter(g -> g.node().equals(failed)).count();
            if (!json) {
                out.printf(Locale.ROOT, "failing %s: %d of %d guests to place%n", failed, lost,
                        cluster.guests().size());
            }
            // The first solve pays for class loading and building the solver factory; a running service
            // has both cached, so the second (warm) solve is the figure to compare with the target.
            // Timed: Planner.plan only (the request is built from the manager's state beforehand).
            progress(err, "recovery plan (cold, then " + WARM_RUNS + " warm solves)");
            PlanRequest request = request(cluster, failed, options);
            results.put("plan (cold)", measure(() -> plan(request)));
            List<Outcome> warm = new ArrayList<>();
            for (int i = 0; i < WARM_RUNS; i++) {
                warm.add(measure(() -> plan(request)));
            }
            // median of the last half: the JIT has compiled the hot paths by then
            List<Outcome> settled = new ArrayList<>(warm.subList(WARM_RUNS / 2, WARM_RUNS));
            settled.sort(java.util.Comparator.comparingLong(Outcome::wallMs));
            results.put("plan", settled.get(settled.size() / 2));
        }
        boolean failover = mode.equals("failover");
        out.println(json ? toJson(results, bound) : toTable(results, bound, failover));
        if (svg != null) {
            try {
                java.nio.file.Files.writeString(svg, Svg.plot(results, options.threshold() / 100));
            } catch (java.io.IOException e) {
                err.println("bench: cannot write " + svg + ": " + e.getMessage());
                return 2;
            }
        }
        return 0;
    }

    /** One line on stderr as a long phase starts (the results on stdout stay clean for --json). */
    private static void progress(java.io.PrintStream err, String phase) {
        err.println("bench: " + phase + " ...");
        err.flush();
    }

    /** Rebalancing strategies, in the order they run ({@code --only} picks some). */
    static final String[] STRATEGIES = {"greedy-bruteforce", "greedy-margin0", "greedy-topsis", "plan"};

    /** The plan's trade-off: one solve per target from the threshold down, (migrations, imbalance) each. */
    private static List<double[]> planCurve(Cluster cluster, Options options) {
        List<double[]> points = new ArrayList<>();
        double threshold = options.threshold() / 100;
        for (double t = threshold; t >= 0; t -= 0.05) {
            Options o = new Options(0, options.threshold(), Math.max(0, t), options.steps(), options.seed());
            Outcome r = plan(request(cluster, null, o));
            if (points.isEmpty()) {
                points.add(new double[] {0, r.before()});
            }
            points.add(new double[] {r.migrations(), r.after()});
        }
        return points;
    }

    /** Lower bound on the migrations and memory needed to bring the imbalance to {@code target}: {@link LowerBound}. */
    static double[] lowerBound(Cluster cluster, double target) {
        return LowerBound.of(cluster, target);
    }

    /**
     * Heterogeneous nodes (8–64 cores, 64–512 GiB). Skewed start: 85 % of the guests run on the first
     * sixteenth of the nodes (at least one), as after adding empty nodes to a cluster, so the imbalance is
     * well above Proxmox's 30 % threshold at every size. Guests of 1–8 cores and 1–16 GiB; 10 % pinned by a
     * node-affinity rule to their node plus a random quarter of the others; about 4 % in keep-together
     * groups of 2–3 (same node) and about 3 % in keep-separate pairs (different nodes).
     */
    static Cluster generate(int nodeCount, int guestCount, long seed) {
        Random random = new Random(seed);
        List<PlanRequest.Node> nodes = new ArrayList<>();
        for (int i = 0; i < nodeCount; i++) {
            int size = 1 << random.nextInt(4);
            nodes.add(new PlanRequest.Node(String.format("node%03d", i), 8.0 * size, 64 * GIB * size));
        }
        int hot = Math.max(1, nodeCount / 16);
        String[] where = new String[guestCount];
        double[] cpu = new double[guestCount];
        long[] mem = new long[guestCount];
        List<Map<String, Integer>> allowed = new ArrayList<>();
        boolean[] pinned = new boolean[guestCount];
        for (int g = 0; g < guestCount; g++) {
            where[g] = nodes.get(random.nextDouble() < 0.85 ? random.nextInt(hot) : random.nextInt(nodeCount)).name();
            cpu[g] = 1 << random.nextInt(4);
            mem[g] = GIB * (1L << random.nextInt(5));
            pinned[g] = random.nextDouble() < 0.1;
            Map<String, Integer> a = new TreeMap<>();
            for (PlanRequest.Node n : nodes) {
                if (!pinned[g] || n.name().equals(where[g]) || random.nextDouble() < 0.25) {
                    a.put(n.name(), 0);
                }
            }
            allowed.add(a);
        }
        String[] ids = new String[guestCount];
        for (int g = 0; g < guestCount; g++) {
            ids[g] = String.format("vm:%05d", 100 + g);
        }
        boolean[] grouped = new boolean[guestCount];
        List<List<String>> together = new ArrayList<>();
        for (int g = 0; g + 2 < guestCount; g++) {
            if (random.nextDouble() < 0.015 && !pinned[g] && !pinned[g + 1] && !pinned[g + 2]) {
                int size = 2 + random.nextInt(2);
                List<String> group = new ArrayList<>();
                for (int k = g; k < g + size; k++) {
                    where[k] = where[g];
                    grouped[k] = true;
                    group.add(ids[k]);
                }
                together.add(group);
                g += size;
            }
        }
        List<PlanRequest.SeparatePair> separate = new ArrayList<>();
        boolean[] paired = new boolean[guestCount];
        for (int g = 0; g < guestCount; g++) {
            if (grouped[g] || paired[g] || random.nextDouble() >= 0.015) {
                continue;
            }
            int partner = random.nextInt(guestCount);
            if (partner != g && !grouped[partner] && !paired[partner] && !where[partner].equals(where[g])) {
                paired[g] = true;
                paired[partner] = true;
                separate.add(new PlanRequest.SeparatePair(ids[g], ids[partner]));
            }
        }
        List<Guest> guests = new ArrayList<>();
        for (int g = 0; g < guestCount; g++) {
            guests.add(new Guest(ids[g], where[g], cpu[g], mem[g], allowed.get(g)));
        }
        return new Cluster(nodes, guests, separate, together);
    }

    /** Bundles: keep-together groups (leader = first sid, allowed = common nodes at the lower priority) and singles. */
    static List<Bundle> bundles(Cluster cluster) {
        Map<String, Guest> byId = new TreeMap<>();
        cluster.guests().forEach(g -> byId.put(g.id(), g));
        Map<String, List<String>> groupOf = new TreeMap<>();
        for (List<String> group : cluster.together()) {
            List<String> sorted = group.stream().sorted().toList();
            sorted.forEach(sid -> groupOf.put(sid, sorted));
        }
        List<Bundle> bundles = new ArrayList<>();
        for (Guest g : byId.values()) {
            List<String> members = groupOf.getOrDefault(g.id(), List.of(g.id()));
            if (!members.get(0).equals(g.id())) {
                continue;
            }
            double cpu = 0;
            long mem = 0;
            Map<String, Integer> allowed = null;
            for (String sid : members) {
                Guest m = byId.get(sid);
                cpu += m.cpu();
                mem += m.mem();
                if (allowed == null) {
                    allowed = new TreeMap<>(m.allowed());
                } else {
                    allowed.keySet().retainAll(m.allowed().keySet());
                    allowed.replaceAll((n, p) -> Math.min(p, m.allowed().get(n)));
                }
            }
            bundles.add(new Bundle(g.id(), members, g.node(), cpu, mem, allowed));
        }
        return bundles;
    }

    /** Keep-separate partners per bundle leader. */
    static Map<String, Set<String>> partners(Cluster cluster) {
        Map<String, String> leaderOf = new TreeMap<>();
        for (List<String> group : cluster.together()) {
            String leader = group.stream().sorted().findFirst().orElseThrow();
            group.forEach(sid -> leaderOf.put(sid, leader));
        }
        Map<String, Set<String>> partners = new TreeMap<>();
        for (PlanRequest.SeparatePair p : cluster.separate()) {
            String a = leaderOf.getOrDefault(p.a(), p.a());
            String b = leaderOf.getOrDefault(p.b(), p.b());
            partners.computeIfAbsent(a, k -> new TreeSet<>()).add(b);
            partners.computeIfAbsent(b, k -> new TreeSet<>()).add(a);
        }
        return partners;
    }

    /**
     * Proxmox's loop (spec §6.3) with hold 0: while the imbalance is above the threshold, choose one bundle
     * move by {@code method} over every bundle × top-class target, commit it only if it improves the imbalance
     * by the margin, stop at the first round without such a move.
     */
    static Outcome greedy(Cluster cluster, RebalanceMethod method, Options options) {
        List<NodeStats> nodeStats = cluster.nodes().stream()
                .map(n -> new NodeStats(n.name(), n.maxCpu(), n.maxMem(), 0, 0)).toList();
        UsageModel model = UsageModels.create(SchedulerMode.STATIC, nodeStats);
        Map<String, Guest> guests = new TreeMap<>();
        cluster.guests().forEach(g -> guests.put(g.id(), g));
        Map<String, String> where = new TreeMap<>();
        Map<String, Bundle> byId = new TreeMap<>();
        for (Bundle b : bundles(cluster)) {
            where.put(b.id(), b.node());
            byId.put(b.id(), b);
            b.members().forEach(m -> model.addResource(m, b.node(), null, true, stats(guests.get(m))));
        }
        Map<String, Set<String>> partners = partners(cluster);
        AutoRebalancePolicy policy = options.policy();
        double before = model.imbalance();
        int migrations = 0;
        long moved = 0;
        List<double[]> curve = new ArrayList<>();
        curve.add(new double[] {0, before});
        // which nodes a bundle may go to is the placement policy's answer, as in the live manager's rebalancing
        try (PolicySession placement = new PolicySession(RuleCheckers.packagedBase())) {
            placement.nodes(cluster.nodes().stream().map(n -> new NodeFact(n.name(), true, false)).toList());
            for (Bundle b : byId.values()) {
                placement.unit(policyUnit(b, where.get(b.id()), partners));
                placement.occupies(b.id(), new TreeMap<>(Map.of(where.get(b.id()), Occupies.SETTLED)));
            }
            for (int round = 0; round < MAX_GREEDY_ROUNDS && model.imbalance() > policy.threshold(); round++) {
                List<BundleCandidate> candidates = new ArrayList<>();
                for (Bundle b : byId.values()) {
                    String source = where.get(b.id());
                    List<String> targets = placement.verdict(b.id()).preferred().stream()
                            .filter(n -> !n.equals(source)).toList();
                    if (!targets.isEmpty()) {
                        Map<String, ResourceStats> stats = new TreeMap<>();
                        b.members().forEach(m -> stats.put(m, stats(guests.get(m))));
                        candidates.add(new BundleCandidate(b.id(), b.members(), source, targets, stats));
                    }
                }
                RebalanceChoice choice = GreedyRebalancer.select(model, candidates, method).orElse(null);
                if (choice == null || !policy.accepts(choice.imbalanceBefore(), choice.imbalanceAfter())) {
                    break;
                }
                Bundle b = byId.get(choice.leader());
                for (String m : b.members()) {
                    model.removeResource(m);
                    model.addResource(m, choice.target(), null, true, stats(guests.get(m)));
                }
                where.put(b.id(), choice.target());
                placement.unit(policyUnit(b, choice.target(), partners));
                placement.occupies(b.id(), new TreeMap<>(Map.of(choice.target(), Occupies.SETTLED)));
                migrations++;
                moved += b.mem();
                curve.add(new double[] {migrations, model.imbalance()});
            }
        }
        return new Outcome(before, model.imbalance(), migrations, moved, 0, 0, 0, curve);
    }

    /** A bundle as the placement policy sees it: its allowed nodes are a strict node affinity, partners kept apart. */
    private static PolicyUnit policyUnit(Bundle b, String node, Map<String, Set<String>> partners) {
        java.util.SortedMap<String, String> apart = new TreeMap<>();
        partners.getOrDefault(b.id(), Set.of()).forEach(p -> apart.put(p, "bench-keep-separate"));
        NodeAffinity affinity = b.allowed() == null || b.allowed().isEmpty() ? null
                : new NodeAffinity("bench-" + b.id(), new TreeMap<>(b.allowed()), true);
        return new PolicyUnit(b.id(), node, null, false, false, affinity, apart, List.of(), new TreeSet<>(), null);
    }

    /** Rebalance ({@code failedNode} null) or fail over every bundle of {@code failedNode}. */
    static Outcome plan(Cluster cluster, String failedNode, Options options) {
        return plan(request(cluster, failedNode, options));
    }

    static Outcome plan(PlanRequest request) {
        PlanResult result = new Planner().plan(request);
        int placed = (int) result.waves().stream().flatMap(List::stream).filter(m -> m.from() == null).count();
        return new Outcome(result.imbalanceBefore(), result.imbalanceAfter(), result.migrations(),
                result.movedMemBytes(), 0, 0, placed, List.of(new double[] {0, result.imbalanceBefore()},
                        new double[] {result.migrations(), result.imbalanceAfter()}));
    }

    static PlanRequest request(Cluster cluster, String failedNode, Options options) {
        List<PlanRequest.Unit> units = new ArrayList<>();
        for (Bundle b : bundles(cluster)) {
            boolean lost = b.node().equals(failedNode);
            Map<String, Integer> allowed = b.allowed();
            if (failedNode != null && allowed.containsKey(failedNode)) {
                allowed = new TreeMap<>(allowed);
                allowed.remove(failedNode);
                if (allowed.isEmpty()) {
                    continue; // pinned to the failed node only: cannot recover
                }
            }
            // containers (ct:) move by stop and start: the plan counts that as more disruption
            boolean relocate = b.members().stream().anyMatch(m -> m.startsWith("ct:"));
            units.add(new PlanRequest.Unit(b.id(), b.members(), b.cpu(), b.mem(), lost ? null : b.node(),
                    allowed, null, false, relocate));
        }
        Set<String> present = new TreeSet<>();
        units.forEach(u -> present.add(u.id()));
        List<PlanRequest.SeparatePair> separate = new ArrayList<>();
        partners(cluster).forEach((a, set) -> set.forEach(b -> {
            if (a.compareTo(b) < 0 && present.contains(a) && present.contains(b)) {
                separate.add(new PlanRequest.SeparatePair(a, b));
            }
        }));
        List<PlanRequest.Node> nodes = cluster.nodes().stream().filter(n -> !n.name().equals(failedNode)).toList();
        boolean failover = failedNode != null;
        PlanRequest.Settings settings = new PlanRequest.Settings(false, 2, 16, options.target(), options.seed(),
                options.steps(), Math.max(1, options.steps() / 4),
                failover ? null : options.policy(), failover);
        return new PlanRequest(units, nodes, separate, settings);
    }

    private static ResourceStats stats(Guest g) {
        return new ResourceStats(g.cpu(), g.mem(), g.cpu(), g.mem());
    }

    private static Outcome measure(java.util.function.Supplier<Outcome> run) {
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long start = System.nanoTime();
        Outcome o = run.get();
        long wall = (System.nanoTime() - start) / 1_000_000;
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        return new Outcome(o.before(), o.after(), o.migrations(), o.movedMem(), wall, peak, o.placed(), o.curve());
    }

    private static String toJson(Map<String, Outcome> results, double[] bound) {
        StringBuilder sb = new StringBuilder("{\"strategies\": {");
        String sep = "";
        for (var e : results.entrySet()) {
            Outcome o = e.getValue();
            sb.append(sep).append(String.format(Locale.ROOT,
                    "\"%s\": {\"imbalance_before\": %.6f, \"imbalance_after\": %.6f, \"migrations\": %d, "
                            + "\"placed\": %d, \"moved_mem_bytes\": %d, \"wall_ms\": %d, \"peak_heap_bytes\": %d}",
                    e.getKey(), o.before(), o.after(), o.migrations(), o.placed(), o.movedMem(), o.wallMs(),
                    o.peakHeap()));
            sep = ", ";
        }
        sb.append("}");
        if (bound != null) {
            sb.append(String.format(Locale.ROOT, ", \"lower_bound\": {\"migrations\": %d, \"moved_mem_bytes\": %d}",
                    (long) bound[0], (long) bound[1]));
        }
        return sb.append("}").toString();
    }

    private static String toTable(Map<String, Outcome> results, double[] bound, boolean failover) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-18s %10s %9s %10s %10s %9s %9s%n",
                "strategy", "imb.before", "imb.after", failover ? "placed" : "migrations", "moved GiB", "wall ms",
                "peak MiB"));
        results.forEach((name, o) -> sb.append(String.format(Locale.ROOT, "%-18s %10.4f %9.4f %10d %10.1f %9d %9d%n",
                name, o.before(), o.after(), failover ? o.placed() : o.migrations(), o.movedMem() / (double) GIB,
                o.wallMs(), o.peakHeap() / (1024 * 1024))));
        if (bound != null) {
            sb.append(String.format(Locale.ROOT, "%-18s %10s %9s %10d %10.1f%n", "lower bound", "", "",
                    (long) bound[0], bound[1] / GIB));
        }
        sb.append(failover ? FAILOVER_LEGEND : REBALANCE_LEGEND);
        return sb.toString();
    }

    private static final String REBALANCE_LEGEND = """

            greedy-bruteforce  Proxmox's loop: one best bundle move per round while above --threshold, each move
                               kept only if it improves the imbalance by --margin (relative)
            greedy-margin0     the same with margin 0: keeps moving until at or below the threshold (as ProxLB)
            greedy-topsis      Proxmox's TOPSIS choice of the move, with --margin
            plan (cold)        Timefold plan, first solve in this JVM (class loading, solver factory built)
            plan               the same plan solved again (median of 3), as in a running service that warmed up
            lower bound        no plan reaching the threshold needs fewer migrations or less memory (relaxation)
            imb.before/after   imbalance (spec 3.7: CV of node loads / sqrt(N-1)) before and after
            migrations         live migrations (a bundle of guests kept together counts once); moved GiB: their memory
            wall ms            wall time of the strategy; peak MiB: heap peak during it
            """;

    private static final String FAILOVER_LEGEND = """

            plan (cold)        first solve in this JVM; plan: median of later solves (a warmed-up service)
            placed             guests of the failed node given a new node (recoveries, not migrations)
            moved GiB          memory of live migrations of other guests (0: only the failed node's guests move)
            """;
}
