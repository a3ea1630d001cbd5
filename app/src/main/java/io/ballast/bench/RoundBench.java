package io.ballast.bench;

import io.ballast.rules.cli.CliArgs;
import io.ballast.core.CrmCommand;
import io.ballast.core.HaManager;
import io.ballast.core.LrmMode;
import io.ballast.core.LrmStatus;
import io.ballast.core.ManagerStatus;
import io.ballast.core.RoundInput;
import io.ballast.core.RoundOutput;
import io.ballast.core.ServiceConfig;
import io.ballast.core.ServiceState;
import io.ballast.core.ServiceStatus;
import io.ballast.planner.usage.NodeStats;
import io.ballast.planner.usage.ResourceStats;
import io.ballast.rules.config.RuleSet;
import io.ballast.rules.pve.CrsConfig;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code ballast bench round}: manager rounds on a generated cluster (static mode, automatic rebalancing on, one
 * configured rule per ten guests), timed phase by phase, with the peak heap. Round 1 adds every guest; round 4 puts
 * one node into maintenance, so the rounds after it evacuate and place. Not a test: a command that prints figures.
 */
public final class RoundBench {
    private static final long GIB = 1024L * 1024 * 1024;

    private RoundBench() {
    }

    public static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    static final String USAGE = "usage: ballast bench round [--nodes N] [--guests M] [--rounds R] [--seed S] [--json]";
    private static final String HELP = USAGE + """


            Whole manager rounds on a generated cluster (static mode, automatic rebalancing on, one rule per ten
            guests), timed phase by phase, with the peak heap. Round 1 adds every guest, round 4 puts one node into
            maintenance. Progress goes to stderr, the figures to stdout.
              --nodes N    nodes, at least 2 (default 64)
              --guests M   guests, at least 1 (default 10000)
              --rounds R   rounds, at least 2 (default 8)
              --seed S     seed of the generated cluster (default 1)
              --json       one JSON line with the medians instead of the table
            """;

    static int run(String[] args, PrintStream out, PrintStream err) {
        int nodeCount = 64;
        int guests = 10_000;
        int rounds = 8;
        long seed = 1;
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
                    case "--nodes" -> nodeCount = cli.intValue(a, 2);
                    case "--guests" -> guests = cli.intValue(a, 1);
                    case "--rounds" -> rounds = cli.intValue(a, 2);
                    case "--seed" -> seed = cli.longValue(a, Long.MIN_VALUE);
                    case "--json" -> json = true;
                    default -> throw CliArgs.unknown(a);
                }
            }
        } catch (CliArgs.UsageException e) {
            return CliArgs.fail(err, "bench round", e.getMessage(), USAGE);
        }
        err.printf(Locale.ROOT, "bench round: %d nodes, %d guests, %d rounds ...%n", nodeCount, guests, rounds);
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);

        Random rnd = new Random(seed);
        TreeSet<String> nodes = new TreeSet<>();
        Map<String, NodeStats> nodeStats = new TreeMap<>();
        for (int n = 1; n <= nodeCount; n++) {
            String name = String.format(Locale.ROOT, "node%03d", n);
            nodes.add(name);
            nodeStats.put(name, new NodeStats(name, 64, 512 * GIB, 0, 0));
        }
        List<String> names = new ArrayList<>(nodes);
        SortedMap<String, ServiceConfig> services = new TreeMap<>();
        Map<String, ResourceStats> serviceStats = new HashMap<>();
        for (int g = 0; g < guests; g++) {
            String sid = "vm:" + (100_000 + g);
            // skewed: the first quarter of the nodes holds half of the guests
            String node = rnd.nextBoolean() ? names.get(rnd.nextInt(Math.max(1, nodeCount / 4)))
                    : names.get(rnd.nextInt(nodeCount));
            services.put(sid, new ServiceConfig(sid, node, "started", 1, 1, true, null, null));
            serviceStats.put(sid, new ResourceStats(1 + rnd.nextInt(4), (1 + rnd.nextInt(8)) * GIB, 0, 0));
        }
        RuleSet rules = io.ballast.rules.bench.RuleCheckBench.generatedRules(new ArrayList<>(services.keySet()), names);
        CrsConfig crs = new CrsConfig("static", false, true, 30, "bruteforce", 0, 10);
        String master = names.get(0);
        String maintenanceNode = names.get(1);

        HaManager manager = new HaManager().timedBy(System::nanoTime);
        ManagerStatus status = ManagerStatus.EMPTY;
        Map<String, LrmStatus> lrm = new HashMap<>();
        // what a round's status costs to write out: serialized as the status tables' JSON columns are
        tools.jackson.databind.json.JsonMapper statusJson = tools.jackson.databind.json.JsonMapper.builder().build();
        List<long[]> timings = new ArrayList<>();
        List<CrmCommand> commands = new ArrayList<>();
        {
            for (int r = 1; r <= rounds; r++) {
                if (r == 4) {
                    commands.add(new CrmCommand.MaintenanceOn(maintenanceNode));
                }
                long now = 10L * r;
                err.printf(Locale.ROOT, "bench round: round %d of %d%s ...%n", r, rounds,
                        r == 1 ? " (adds every guest)" : r == 4 ? " (" + maintenanceNode + " into maintenance)" : "");
                RoundInput in = new RoundInput(now, master, status, nodes, Set.copyOf(nodes), Map.copyOf(lrm), services,
                        rules, List.of(), crs, nodeStats, serviceStats, List.copyOf(commands), Set.of());
                commands.clear();
                long t0 = System.nanoTime();
                RoundOutput o = manager.round(in);
                long t1 = System.nanoTime();
                statusJson.writeValueAsBytes(o.status());
                long t2 = System.nanoTime();
                HaManager.RoundTimings p = manager.lastTimings();
                timings.add(new long[] {t2 - t0, p.nodes(), p.rules(), p.commands(), p.rebalancing(), p.selection(),
                        t2 - t1, o.decisions().size()});
                status = o.status();
                lrm = agentsAnswer(status, nodes, maintenanceNode, r >= 4, now);
            }
        }
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        List<long[]> steady = timings.subList(1, timings.size());
        long[] median = new long[8];
        for (int k = 0; k < 7; k++) {
            final int col = k;
            List<Long> values = new ArrayList<>(steady.stream().map(t -> t[col]).toList());
            values.sort(null);
            median[k] = values.get(values.size() / 2);
        }
        if (json) {
            out.printf(Locale.ROOT, "{\"round_ms\": %d, \"phases\": {\"nodes\": %d, \"rules\": %d, \"commands\": %d, "
                            + "\"rebalancing\": %d, \"selection\": %d, \"persistence\": %d}, \"peak_heap_bytes\": %d, "
                            + "\"nodes\": %d, \"guests\": %d, \"rounds\": %d}%n",
                    ms(median[0]), ms(median[1]), ms(median[2]), ms(median[3]), ms(median[4]), ms(median[5]),
                    ms(median[6]), peak, nodeCount, guests, rounds);
            return 0;
        }
        out.printf(Locale.ROOT, "cluster: %d nodes, %d guests, %d rules; static mode, automatic rebalancing on; "
                + "round 4 puts %s into maintenance%n", nodeCount, guests, rules.nodeAffinity().size()
                + rules.resourceAffinity().size(), maintenanceNode);
        out.println("round   total ms   nodes   rules  commands  rebalancing  selection  persistence  decisions");
        for (int r = 0; r < timings.size(); r++) {
            long[] t = timings.get(r);
            out.printf(Locale.ROOT, "%5d %10d %7d %7d %9d %12d %10d %12d %10d%n", r + 1, ms(t[0]), ms(t[1]), ms(t[2]),
                    ms(t[3]), ms(t[4]), ms(t[5]), ms(t[6]), t[7]);
        }
        out.printf(Locale.ROOT, "round_ms (median of rounds 2-%d): %d; peak heap: %d MiB%n", rounds, ms(median[0]),
                peak / (1024 * 1024));
        return 0;
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    /** The agents finish every request at once: each running guest's uid is answered with success. */
    private static Map<String, LrmStatus> agentsAnswer(ManagerStatus status, Set<String> nodes, String maintenanceNode,
                                                       boolean maintenance, long now) {
        Map<String, Map<String, LrmStatus.LrmResult>> results = new HashMap<>();
        for (var e : status.serviceStatus().entrySet()) {
            ServiceStatus s = e.getValue();
            if (s.uid() != null && s.node() != null && s.state() != ServiceState.STOPPED) {
                // the agent of the resource's node answers, a migration's source included
                results.computeIfAbsent(s.node(), k -> new HashMap<>())
                        .put(s.uid(), new LrmStatus.LrmResult(e.getKey(), LrmStatus.SUCCESS));
            }
        }
        Map<String, LrmStatus> lrm = new HashMap<>();
        for (String n : nodes) {
            LrmMode mode = maintenance && n.equals(maintenanceNode) ? LrmMode.MAINTENANCE : LrmMode.ACTIVE;
            lrm.put(n, new LrmStatus("active", mode, results.getOrDefault(n, Map.of()), now));
        }
        return lrm;
    }
}
