package io.ballast.planner.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.planner.PlanRequest;
import io.ballast.planner.usage.Imbalance;
import io.ballast.planner.usage.NodeUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class LowerBoundTest {
    private static final long GIB = 1024L * 1024 * 1024;

    /** The least migrations and the least memory of any placement at or below the target, by trying them all. */
    private record Optimum(double start, double best, int migrations, long memory) {
    }

    @Test
    void neverAboveTheExhaustiveOptimumOnTinyClusters() {
        int checked = 0;
        int positive = 0;
        int exact = 0;
        for (long seed = 1; seed <= 300; seed++) {
            Random random = new Random(seed);
            BenchCli.Cluster cluster = tiny(random);
            Optimum all = exhaustive(cluster, Double.POSITIVE_INFINITY);
            if (all.start() <= all.best() * 1.001) {
                continue; // already as balanced as it gets: nothing to bound
            }
            double target = all.best() + random.nextDouble() * (all.start() - all.best());
            Optimum optimum = exhaustive(cluster, target);
            double[] bound = BenchCli.lowerBound(cluster, target);
            assertThat(bound[0]).as("migrations, seed %d, target %.4f", seed, target)
                    .isLessThanOrEqualTo(optimum.migrations());
            assertThat(bound[1]).as("memory, seed %d, target %.4f", seed, target)
                    .isLessThanOrEqualTo(optimum.memory());
            checked++;
            positive += bound[0] >= 1 ? 1 : 0;
            exact += bound[0] == optimum.migrations() ? 1 : 0;
        }
        assertThat(checked).isGreaterThan(200);
        // not vacuous: the start is above the target, so at least one move is needed, and the bound sees it
        assertThat(positive).isGreaterThan(checked * 9 / 10);
        assertThat(exact).isGreaterThan(checked * 2 / 3);
    }

    /** 3–4 nodes of different sizes, 6–9 guests mostly on the first node, some pinned, sometimes a pair kept together. */
    private static BenchCli.Cluster tiny(Random random) {
        List<PlanRequest.Node> nodes = new ArrayList<>();
        int nodeCount = 3 + random.nextInt(2);
        for (int i = 0; i < nodeCount; i++) {
            nodes.add(new PlanRequest.Node("n" + i, 8 << random.nextInt(4), 64 * GIB << random.nextInt(4)));
        }
        List<BenchCli.Guest> guests = new ArrayList<>();
        int guestCount = 6 + random.nextInt(4);
        for (int g = 0; g < guestCount; g++) {
            String node = nodes.get(random.nextDouble() < 0.7 ? 0 : random.nextInt(nodeCount)).name();
            Map<String, Integer> allowed = new TreeMap<>();
            boolean pinned = random.nextDouble() < 0.25;
            for (PlanRequest.Node n : nodes) {
                if (!pinned || n.name().equals(node) || random.nextBoolean()) {
                    allowed.put(n.name(), 0);
                }
            }
            guests.add(new BenchCli.Guest("vm:" + (100 + g), node, 1 << random.nextInt(4),
                    GIB << random.nextInt(5), allowed));
        }
        List<List<String>> together = new ArrayList<>();
        if (random.nextBoolean()) { // the last two guests, moved to the first one's node, all nodes allowed
            BenchCli.Guest a = guests.get(guestCount - 2);
            BenchCli.Guest b = guests.get(guestCount - 1);
            Map<String, Integer> any = new TreeMap<>();
            nodes.forEach(n -> any.put(n.name(), 0));
            guests.set(guestCount - 2, new BenchCli.Guest(a.id(), a.node(), a.cpu(), a.mem(), any));
            guests.set(guestCount - 1, new BenchCli.Guest(b.id(), a.node(), b.cpu(), b.mem(), any));
            together.add(List.of(a.id(), b.id()));
        }
        return new BenchCli.Cluster(nodes, guests, List.of(), together);
    }

    /** Every placement of the bundles on their allowed nodes (or where they are). */
    private static Optimum exhaustive(BenchCli.Cluster cluster, double target) {
        List<BenchCli.Bundle> bundles = BenchCli.bundles(cluster);
        List<PlanRequest.Node> nodes = cluster.nodes();
        int[][] choices = new int[bundles.size()][];
        int[] current = new int[bundles.size()];
        for (int j = 0; j < bundles.size(); j++) {
            BenchCli.Bundle b = bundles.get(j);
            List<Integer> ok = new ArrayList<>();
            for (int i = 0; i < nodes.size(); i++) {
                if (b.allowed().containsKey(nodes.get(i).name()) || nodes.get(i).name().equals(b.node())) {
                    ok.add(i);
                }
                if (nodes.get(i).name().equals(b.node())) {
                    current[j] = i;
                }
            }
            choices[j] = ok.stream().mapToInt(Integer::intValue).toArray();
        }
        int[] at = new int[bundles.size()];
        double start = Double.NaN;
        double best = Double.POSITIVE_INFINITY;
        int migrations = Integer.MAX_VALUE;
        long memory = Long.MAX_VALUE;
        while (true) {
            double[] cpu = new double[nodes.size()];
            double[] mem = new double[nodes.size()];
            int moves = 0;
            long moved = 0;
            for (int j = 0; j < bundles.size(); j++) {
                int node = choices[j][at[j]];
                cpu[node] += bundles.get(j).cpu();
                mem[node] += bundles.get(j).mem();
                if (node != current[j]) {
                    moves++;
                    moved += bundles.get(j).mem();
                }
            }
            List<NodeUsage> usage = new ArrayList<>();
            for (int i = 0; i < nodes.size(); i++) {
                usage.add(new NodeUsage(nodes.get(i).name(), cpu[i], mem[i], nodes.get(i).maxCpu(),
                        nodes.get(i).maxMem()));
            }
            double imbalance = Imbalance.of(usage);
            if (moves == 0) {
                start = imbalance;
            }
            best = Math.min(best, imbalance);
            if (imbalance <= target) {
                migrations = Math.min(migrations, moves);
                memory = Math.min(memory, moved);
            }
            int j = 0;
            while (j < at.length && ++at[j] == choices[j].length) {
                at[j++] = 0;
            }
            if (j == at.length) {
                return new Optimum(start, best, migrations, memory);
            }
        }
    }
}
