package io.ballast.planner.bench;

import io.ballast.planner.PlanRequest;
import io.ballast.planner.PlanResult;
import io.ballast.planner.Planner;
import io.ballast.planner.rebalance.AutoRebalancePolicy;
import io.ballast.planner.rebalance.BundleCandidate;
import io.ballast.planner.rebalance.GreedyRebalancer;
import io.ballast.planner.rebalance.RebalanceChoice;
import io.ballast.planner.rebalance.RebalanceMethod;
import io.ballast.planner.usage.NodeStats;
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
import java.util.TreeMap;

/**
 * {@code ballast bench rebalance|failover [--nodes N] [--guests M] [--seed S] [--json]}: compares greedy
 * bruteforce, greedy topsis (round after round until no move passes the margin) and the Timefold plan on
 * a generated heterogeneous cluster, or on a cluster snapshot given with {@code --input} (see SnapshotReader).
 */
public final class BenchCli {
    private static final long GIB = 1024L * 1024 * 1024;
    private static final AutoRebalancePolicy POLICY = AutoRebalancePolicy.fromPercent(0, 0, 1);
    /** Greedy runs stop here at the latest so a benchmark always ends. */
    private static final int MAX_GREEDY_ROUNDS = 2_000;
    /**
     * Soft-score cost of one migration in balance units (100 × Σ used²/capacity). The balance gain of
     * moving a few cores off an overloaded small node is in the thousands, so a low cost lets the plan
     * shuffle thousands of guests for tiny gains; 30,000 keeps only moves that clearly pay for themselves
     * (measured at 64 nodes / 4,000 guests: cost 3,000 → 3,141 moves, 10,000 → 921, 30,000 → 53).
     */
    private static final long MIGRATION_COST = 30_000;

    private BenchCli() {
    }

    record Guest(String id, String node, double cpu, long mem, Map<String, Integer> allowed) {
    }

    record Cluster(List<PlanRequest.Node> nodes, List<Guest> guests, List<PlanRequest.SeparatePair> separate) {
    }

    record Outcome(double before, double after, int migrations, long movedMem, long wallMs, long peakHeap) {
    }

    /** Direct entry for running from the planner jar without the launcher. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String[] args) {
        String mode = args.length > 0 ? args[0] : "";
        int nodes = 16;
        int guests = 800;
        long seed = 1;
        boolean json = false;
        java.nio.file.Path input = null;
        Cluster cluster;
        try {
            for (int i = 1; i < args.length; i++) {
                switch (args[i]) {
                    case "--nodes" -> nodes = Integer.parseInt(args[++i]);
                    case "--guests" -> guests = Integer.parseInt(args[++i]);
                    case "--seed" -> seed = Long.parseLong(args[++i]);
                    case "--json" -> json = true;
                    case "--input" -> input = java.nio.file.Path.of(args[++i]);
                    default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
                }
            }
            if (!mode.equals("rebalance") && !mode.equals("failover")) {
                throw new IllegalArgumentException("usage: bench rebalance|failover [--nodes N] [--guests M] [--seed S] [--input snapshot.json] [--json]");
            }
            if (nodes < 2 || guests < 1) {
                throw new IllegalArgumentException("--nodes must be >= 2 and --guests >= 1");
            }
            cluster = input != null ? SnapshotReader.read(input) : generate(nodes, guests, seed);
        } catch (RuntimeException e) {
            System.err.println("bench: " + e.getMessage());
            return 2;
        }
        Map<String, Outcome> results = new LinkedHashMap<>();
        if (mode.equals("rebalance")) {
            results.put("greedy-bruteforce", measure(() -> greedy(cluster, RebalanceMethod.BRUTEFORCE)));
            results.put("greedy-topsis", measure(() -> greedy(cluster, RebalanceMethod.TOPSIS)));
            results.put("plan", measure(() -> plan(cluster, null)));
        } else {
            results.put("plan", measure(() -> plan(cluster, cluster.nodes().get(0).name())));
        }
        System.out.println(json ? toJson(results) : toTable(results));
        return 0;
    }

    /** Heterogeneous nodes (8–64 cores, 64–512 GiB); guests skewed onto the first quarter of the nodes. */
    static Cluster generate(int nodeCount, int guestCount, long seed) {
        Random random = new Random(seed);
        List<PlanRequest.Node> nodes = new ArrayList<>();
        for (int i = 0; i < nodeCount; i++) {
            int size = 1 << random.nextInt(4);
            nodes.add(new PlanRequest.Node(String.format("node%03d", i), 8.0 * size, 64 * GIB * size));
        }
        int hot = Math.max(1, nodeCount / 4);
        List<Guest> guests = new ArrayList<>();
        for (int g = 0; g < guestCount; g++) {
            String node = nodes.get(random.nextDouble() < 0.7 ? random.nextInt(hot) : random.nextInt(nodeCount)).name();
            double cpu = 1 << random.nextInt(3);
            long mem = GIB * (1L << random.nextInt(4));
            Map<String, Integer> allowed = new TreeMap<>();
            boolean pinned = random.nextDouble() < 0.1; // some node-affinity rules: a subset of nodes
            for (PlanRequest.Node n : nodes) {
                if (!pinned || n.name().equals(node) || random.nextDouble() < 0.25) {
                    allowed.put(n.name(), 0);
                }
            }
            guests.add(new Guest(String.format("vm:%05d", 100 + g), node, cpu, mem, allowed));
        }
        return new Cluster(nodes, guests, List.of());
    }

    static Outcome greedy(Cluster cluster, RebalanceMethod method) {
        List<NodeStats> nodeStats = cluster.nodes().stream()
                .map(n -> new NodeStats(n.name(), n.maxCpu(), n.maxMem(), 0, 0)).toList();
        UsageModel model = UsageModels.create(SchedulerMode.STATIC, nodeStats);
        Map<String, String> where = new TreeMap<>();
        Map<String, Guest> byId = new TreeMap<>();
        for (Guest g : cluster.guests()) {
            where.put(g.id(), g.node());
            byId.put(g.id(), g);
            model.addResource(g.id(), g.node(), null, true, stats(g));
        }
        double before = model.imbalance();
        int migrations = 0;
        long moved = 0;
        for (int round = 0; round < MAX_GREEDY_ROUNDS; round++) {
            List<BundleCandidate> candidates = new ArrayList<>();
            for (Guest g : byId.values()) {
                String source = where.get(g.id());
                List<String> targets = g.allowed().keySet().stream()
                        .filter(n -> !n.equals(source) && !hostsPartner(cluster, where, g.id(), n)).toList();
                if (!targets.isEmpty()) {
                    candidates.add(new BundleCandidate(g.id(), List.of(g.id()), source, targets,
                            Map.of(g.id(), stats(g))));
                }
            }
            RebalanceChoice choice = GreedyRebalancer.select(model, candidates, method).orElse(null);
            if (choice == null || !POLICY.accepts(choice.imbalanceBefore(), choice.imbalanceAfter())) {
                break;
            }
            Guest g = byId.get(choice.leader());
            model.removeResource(g.id());
            model.addResource(g.id(), choice.target(), null, true, stats(g));
            where.put(g.id(), choice.target());
            migrations++;
            moved += g.mem();
        }
        return new Outcome(before, model.imbalance(), migrations, moved, 0, 0);
    }

    // keep-separate: a move onto a node that runs a partner is not a candidate
    private static boolean hostsPartner(Cluster cluster, Map<String, String> where, String sid, String node) {
        for (PlanRequest.SeparatePair p : cluster.separate()) {
            String partner = p.a().equals(sid) ? p.b() : p.b().equals(sid) ? p.a() : null;
            if (partner != null && node.equals(where.get(partner))) {
                return true;
            }
        }
        return false;
    }

    /** Rebalance ({@code failedNode} null) or fail over every guest of {@code failedNode}. */
    static Outcome plan(Cluster cluster, String failedNode) {
        List<PlanRequest.Unit> units = new ArrayList<>();
        for (Guest g : cluster.guests()) {
            boolean lost = g.node().equals(failedNode);
            Map<String, Integer> allowed = new TreeMap<>(g.allowed());
            if (failedNode != null) {
                allowed.remove(failedNode);
                if (allowed.isEmpty()) {
                    continue; // pinned to the failed node only: cannot recover
                }
            }
            units.add(new PlanRequest.Unit(g.id(), List.of(g.id()), g.cpu(), g.mem(), lost ? null : g.node(),
                    allowed, null, false));
        }
        List<PlanRequest.Node> nodes = cluster.nodes().stream().filter(n -> !n.name().equals(failedNode)).toList();
        PlanRequest.Settings settings = new PlanRequest.Settings(false, 2, 16, Long.getLong("ballast.bench.migrationCost", MIGRATION_COST), 0,
                failedNode == null ? 5_000 : 0, 500, failedNode == null ? POLICY : null);
        PlanResult result = new Planner().plan(new PlanRequest(units, nodes, cluster.separate(), settings));
        return new Outcome(result.imbalanceBefore(), result.imbalanceAfter(), result.migrations(),
                result.movedMemBytes(), 0, 0);
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
        return new Outcome(o.before(), o.after(), o.migrations(), o.movedMem(), wall, peak);
    }

    private static String toJson(Map<String, Outcome> results) {
        StringBuilder sb = new StringBuilder("{\"strategies\": {");
        String sep = "";
        for (var e : results.entrySet()) {
            Outcome o = e.getValue();
            sb.append(sep).append(String.format(Locale.ROOT,
                    "\"%s\": {\"imbalance_before\": %.6f, \"imbalance_after\": %.6f, \"migrations\": %d, "
                            + "\"moved_mem_bytes\": %d, \"wall_ms\": %d, \"peak_heap_bytes\": %d}",
                    e.getKey(), o.before(), o.after(), o.migrations(), o.movedMem(), o.wallMs(), o.peakHeap()));
            sep = ", ";
        }
        return sb.append("}}").toString();
    }

    private static String toTable(Map<String, Outcome> results) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-18s %9s %9s %10s %12s %9s %10s%n",
                "strategy", "imb.before", "imb.after", "migrations", "moved GiB", "wall ms", "peak MiB"));
        results.forEach((name, o) -> sb.append(String.format(Locale.ROOT, "%-18s %9.4f %9.4f %10d %12.1f %9d %10d%n",
                name, o.before(), o.after(), o.migrations(), o.movedMem() / (double) GIB, o.wallMs(),
                o.peakHeap() / (1024 * 1024))));
        return sb.toString();
    }
}
