package io.ballast.planner.bench;

import io.ballast.planner.PlanRequest;
import io.ballast.planner.usage.NodeUsage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Lower bound on the migrations and the memory any plan needs to bring the imbalance (spec §3.7) to at most
 * {@code target}: no plan can do better, whatever its method.
 *
 * <p>Final node loads F with mean μ satisfy I ≤ t ⟺ Σ (F − μ)² ≤ N (N−1) t² μ². For μ in a narrow cell
 * [a, b], a node with load L > b stays at least L − (what its k largest bundles carry) − b above the cell
 * after k of its bundles leave, and a node with L < a stays at least a − L − (what the k largest bundles
 * allowed there would carry on it) below it after k arrive. Every migration leaves one node and lands on
 * one, so with m migrations the nodes above the cell lose at most m bundles in all and the nodes below gain
 * at most m. The distances are convex in k, so the least sum of their squares for m moves on each side is
 * found by giving each next move to the node whose squared distance drops most. Two more conditions couple
 * the sides: the deviations F − μ add up to 0, so Σ (F − μ)² = Σ (F − (μ − ν))² − N ν² for any ν (each
 * shift ν of the cell gives a valid test; the largest answer counts), and the mean can only be in the cell
 * if the moves raise the sum of loads to N a (a bundle weighs more on a smaller node): the K moves off the
 * hot nodes by at most the K largest raises among their bundles, the other m − K by the m − K largest
 * among the rest. The bound is the least m that some cell admits, over cells from the least to the largest
 * possible mean. Memory: the same test (without the shifts and the split), each node's moved load bought at
 * the least bytes per unit of load (fractional, so again a lower bound) in quanta of memory per side (one
 * quantum per node is subtracted for the rounding).
 *
 * <p>Relaxed: guests are placed anywhere their node affinity allows, without keep-separate rules or memory
 * capacity; a node's arrivals may be any bundles allowed there, and one bundle may count as an arrival on
 * several nodes.
 */
final class LowerBound {
    /** Shifts ν of the cell, relative to the mean (see leastMigrations). */
    private static final double[] SHIFTS = {0, 0.2, -0.5, -1, -1.5, -2, -2.5, -3, -3.5, -4, -4.5, -5, -5.5, -6,
        -7, -8};
    /** Cells of the mean are this much apart (relative): the budget is taken at the top of a cell. */
    private static final double CELL_RATIO = 1.002;
    /** Memory is counted in quanta of a sixteenth of the smallest bundle, and at most this many in all. */
    private static final long MEMORY_QUANTA = 1L << 20;
    /** Float noise: a plan exactly at the target must not be excluded. */
    private static final double SLACK = 1e-9;

    private final int n;
    private final double budgetPerMeanSquared;
    private final double[] load;
    /** Per node: prefix sums of the loads of its movable bundles, largest first (out) / of bundles that may arrive (in). */
    private final double[][] outPrefix;
    private final double[][] inPrefix;
    /** Per node: (cumulative memory, cumulative load) of the same bundles, most load per byte first. */
    private final double[][][] outByMem;
    private final double[][][] inByMem;
    private final double mean;
    private final double meanMin;
    private final double meanMax;
    /** How much one bundle's move can raise (lower) the sum of loads: largest first, and by memory. */
    private final double[] upPrefix;
    private final double[] downPrefix;
    private final double[][] upByMem;
    private final double[][] downByMem;
    /** Per node: how much each of its movable bundles can raise the sum of loads by moving, largest first. */
    private final double[][] growthOn;
    private final java.util.Map<String, double[][]> growthBySide = new java.util.HashMap<>();
    private final int bundleCount;
    private int bestShift;
    private final double quantum;
    private final double totalMem;

    private LowerBound(BenchCli.Cluster cluster, double target) {
        List<PlanRequest.Node> nodes = cluster.nodes();
        n = nodes.size();
        budgetPerMeanSquared = (double) n * (n - 1) * target * target * (1 + SLACK);
        List<BenchCli.Bundle> bundles = BenchCli.bundles(cluster);
        bundleCount = bundles.size();
        load = new double[n];
        List<List<double[]>> out = new ArrayList<>(); // {load there, mem}
        List<List<double[]>> in = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new ArrayList<>());
            in.add(new ArrayList<>());
        }
        double lo = 0;
        double hi = 0;
        List<List<Double>> growth = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            growth.add(new ArrayList<>());
        }
        List<double[]> up = new ArrayList<>(); // {change of the sum of loads, mem}
        List<double[]> down = new ArrayList<>();
        double mem = 0;
        double smallest = Double.POSITIVE_INFINITY;
        for (BenchCli.Bundle b : bundles) {
            int current = -1;
            boolean[] allowed = new boolean[n];
            for (int i = 0; i < n; i++) {
                PlanRequest.Node node = nodes.get(i);
                allowed[i] = b.allowed() == null || b.allowed().isEmpty() || b.allowed().containsKey(node.name());
                if (node.name().equals(b.node())) {
                    current = i;
                }
            }
            double here = loadOn(b, nodes.get(current));
            load[current] += here;
            double least = here;
            double most = here;
            boolean movable = false;
            for (int i = 0; i < n; i++) {
                if (i != current && allowed[i] && here > 0) {
                    double there = loadOn(b, nodes.get(i));
                    in.get(i).add(new double[] {there, b.mem()});
                    least = Math.min(least, there);
                    most = Math.max(most, there);
                    movable = true;
                }
            }
            if (movable && here > 0) {
                out.get(current).add(new double[] {here, b.mem()});
            }
            lo += least;
            hi += most;
            if (most > here) {
                up.add(new double[] {most - here, b.mem()});
                growth.get(current).add(most - here);
            }
            if (least < here) {
                down.add(new double[] {here - least, b.mem()});
            }
            mem += b.mem();
            if (b.mem() > 0) {
                smallest = Math.min(smallest, b.mem());
            }
        }
        mean = Arrays.stream(load).sum() / n;
        meanMin = lo / n;
        meanMax = hi / n;
        growthOn = new double[n][];
        for (int i = 0; i < n; i++) {
            growthOn[i] = growth.get(i).stream().mapToDouble(Double::doubleValue).toArray();
        }
        upPrefix = prefixOfLargest(up);
        downPrefix = prefixOfLargest(down);
        upByMem = cumulativeByMem(up);
        downByMem = cumulativeByMem(down);
        totalMem = mem;
        quantum = Math.max(1, Math.max(Double.isInfinite(smallest) ? 0 : smallest / 16, mem / MEMORY_QUANTA));
        outPrefix = new double[n][];
        inPrefix = new double[n][];
        outByMem = new double[n][][];
        inByMem = new double[n][][];
        for (int i = 0; i < n; i++) {
            outPrefix[i] = prefixOfLargest(out.get(i));
            inPrefix[i] = prefixOfLargest(in.get(i));
            outByMem[i] = cumulativeByMem(out.get(i));
            inByMem[i] = cumulativeByMem(in.get(i));
        }
    }

    /** {migrations, memory bytes}. */
    static double[] of(BenchCli.Cluster cluster, double target) {
        LowerBound bound = new LowerBound(cluster, target);
        return new double[] {bound.migrations(), bound.memory()};
    }

    /** The bundle's share of the node's static load (spec §3.7), as the imbalance counts it. */
    private static double loadOn(BenchCli.Bundle b, PlanRequest.Node node) {
        return new NodeUsage(node.name(), b.cpu(), b.mem(), node.maxCpu(), node.maxMem()).load();
    }

    private static double[] prefixOfLargest(List<double[]> items) {
        double[] loads = items.stream().mapToDouble(x -> x[0]).sorted().toArray();
        double[] prefix = new double[loads.length + 1];
        for (int k = 1; k <= loads.length; k++) {
            prefix[k] = prefix[k - 1] + loads[loads.length - k];
        }
        return prefix;
    }

    /** {cumulative memory, cumulative load} after j items, items by ascending bytes per unit of load. */
    private static double[][] cumulativeByMem(List<double[]> items) {
        List<double[]> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparingDouble(x -> x[1] / x[0]));
        double[][] cumulative = new double[sorted.size() + 1][2];
        for (int j = 1; j <= sorted.size(); j++) {
            cumulative[j][0] = cumulative[j - 1][0] + sorted.get(j - 1)[1];
            cumulative[j][1] = cumulative[j - 1][1] + sorted.get(j - 1)[0];
        }
        return cumulative;
    }

    /** Most load {@code bytes} of memory can carry (fractionally) from these items. */
    private static double loadFor(double[][] cumulative, double bytes) {
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) { // last j with cumulative memory <= bytes
            int mid = (lo + hi + 1) >>> 1;
            if (cumulative[mid][0] <= bytes) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        if (lo == cumulative.length - 1) {
            return cumulative[lo][1];
        }
        double itemMem = cumulative[lo + 1][0] - cumulative[lo][0];
        double itemLoad = cumulative[lo + 1][1] - cumulative[lo][1];
        return cumulative[lo][1] + (bytes - cumulative[lo][0]) * itemLoad / itemMem;
    }

    private int migrations() {
        return (int) least(bundleCount, 0, this::leastMigrations, (up, change) -> {
            double[] prefix = up ? upPrefix : downPrefix;
            int m = 0; // the fewest moves whose changes add up to it: the largest ones
            while (m < prefix.length - 1 && prefix[m] < change * (1 - SLACK)) {
                m++;
            }
            return prefix[m] < change * (1 - SLACK) ? Double.POSITIVE_INFINITY : m;
        });
    }

    private double memory() {
        long quanta = (long) Math.ceil(totalMem / quantum);
        // a plan's per-node memory rounded up to quanta costs at most one quantum per node and side
        long q = least(quanta, n + 1, this::leastMemory, (up, change) -> memFor(up ? upByMem : downByMem, change) / quantum);
        return q * quantum;
    }

    private interface CellCost {
        /** Least size (migrations, quanta) for a mean in [a, b], or {@code cap} if it is not below it. */
        long least(double a, double b, long cap);
    }

    private interface Reach {
        /** Least size (migrations, quanta) whose moves change the sum of loads by {@code change}. */
        double of(boolean up, double change);
    }

    /**
     * Least k such that a cell within reach of k (the sum of loads moves by at most what the k largest
     * changes add up to) admits k: the minimum over cells of max(size to reach the cell, the cell's own least
     * less {@code rounding}).
     */
    private long least(long max, long rounding, CellCost cost, Reach reach) {
        List<double[]> cells = new ArrayList<>(); // {a, b, size to reach}
        if (!(meanMax > meanMin * CELL_RATIO)) {
            cells.add(new double[] {Math.min(meanMin, mean), Math.max(meanMax, mean), 0});
        } else {
            for (double a = meanMin; a < meanMax; a *= CELL_RATIO) {
                double b = Math.min(meanMax, a * CELL_RATIO);
                double size = a > mean ? reach.of(true, (a - mean) * n)
                        : b < mean ? reach.of(false, (mean - b) * n) : 0;
                cells.add(new double[] {a, b, Math.ceil(size - SLACK)});
            }
        }
        cells.sort(Comparator.comparingDouble(c -> c[2]));
        long best = max;
        for (double[] cell : cells) {
            if (cell[2] >= best) {
                break;
            }
            long f = cost.least(cell[0], cell[1], best + rounding) - rounding;
            best = Math.max(0, Math.min(best, Math.max((long) cell[2], f)));
        }
        return best;
    }

    /** Least memory (fractional: most change per byte first) whose moves change the sum of loads by {@code change}. */
    private static double memFor(double[][] cumulative, double change) {
        if (change <= 0) {
            return 0;
        }
        for (int j = 1; j < cumulative.length; j++) {
            if (cumulative[j][1] >= change * (1 - SLACK)) {
                double itemMem = cumulative[j][0] - cumulative[j - 1][0];
                double itemChange = cumulative[j][1] - cumulative[j - 1][1];
                return cumulative[j - 1][0] + Math.max(0, change - cumulative[j - 1][1]) * itemMem / itemChange;
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    /**
     * Least migrations (up to {@code cap}) that can bring Σ (F − μ)² within the budget for a mean in [a, b].
     * With m migrations of which K leave the nodes above the cell, those K and the other m − K must also
     * raise the sum of loads to N a: by at most the K largest raises among the bundles above the cell plus the
     * m − K largest among the others (the moves that bring the hot nodes down are not free to be the ones that
     * raise the mean most).
     */
    private long leastMigrations(double a, double b, long cap) {
        long least = 0;
        // the previous cell's best shift first: neighbouring cells tend to share it, and cap ends the loop early
        for (int j = 0; j < SHIFTS.length && least < cap; j++) {
            int s = j == 0 ? bestShift : j == bestShift ? 0 : j;
            long f = leastMigrations(a, b, SHIFTS[s] * b, cap);
            if (f > least) {
                least = f;
                bestShift = s;
            }
        }
        return least;
    }

    /**
     * The same for one shift ν: as the deviations x = F − μ add up to 0, Σ x² = Σ (x + ν)² − N ν² for every
     * ν, and each node's (x + ν)² is at least its distance from the cell moved down by ν; ν = 0 ignores that
     * what leaves the hot nodes must land somewhere, other values make the cold nodes' shortfall count.
     */
    private long leastMigrations(double a0, double b0, double shift, long cap) {
        double budget = budgetPerMeanSquared * b0 * b0 + n * shift * shift;
        double a = a0 - shift;
        double b = b0 - shift;
        double need = a0 > mean ? (a0 - mean) * n * (1 - SLACK) : 0;
        boolean[] hot = new boolean[n];
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < n; i++) {
            hot[i] = load[i] > b;
            key.append(hot[i] ? '1' : '0');
        }
        double[][] raise = growthBySide.computeIfAbsent(key.toString(), k -> raisePrefixes(hot));
        double[] raiseHot = raise[0];
        double[] raiseOther = raise[1];
        long[] steps = new long[n];
        Comparator<double[]> largestGain = (x, y) -> Double.compare(y[0], x[0]);
        PriorityQueue<double[]> leaving = new PriorityQueue<>(largestGain);
        PriorityQueue<double[]> arriving = new PriorityQueue<>(largestGain);
        double hotWeight = 0;
        double coldWeight = 0;
        for (int i = 0; i < n; i++) {
            double d = distance(i, 0, a, b);
            offer(i, 0, a, b, d * d, hot[i] ? leaving : arriving, this::distance);
            if (hot[i]) {
                hotWeight += d * d;
            } else {
                coldWeight += d * d;
            }
        }
        double[] hotWeights = new double[(int) Math.min(cap, bundleCount) + 1]; // after K moves off the hot nodes
        for (int m = 0; m < cap; m++) {
            hotWeights[m] = hotWeight;
            if (hotWeight + coldWeight <= budget * (1 + SLACK) && admits(m, steps, hot, a, b, budget, need, hotWeights, raiseHot,
                    raiseOther)) {
                return m;
            }
            for (PriorityQueue<double[]> queue : List.of(leaving, arriving)) {
                double[] best = queue.poll();
                if (best != null) {
                    int i = (int) best[1];
                    steps[i]++;
                    double d = distance(i, steps[i], a, b);
                    offer(i, steps[i], a, b, d * d, queue, this::distance);
                    if (hot[i]) {
                        hotWeight -= best[0];
                    } else {
                        coldWeight -= best[0];
                    }
                }
            }
        }
        return cap;
    }

    /** With exact sums (no drift of the running ones): the budget holds and some split of m raises enough. */
    private boolean admits(int m, long[] steps, boolean[] hot, double a, double b, double budget, double need,
                           double[] hotWeights, double[] raiseHot, double[] raiseOther) {
        double hotWeight = 0;
        double coldWeight = 0;
        for (int i = 0; i < n; i++) {
            double d = distance(i, steps[i], a, b);
            if (hot[i]) {
                hotWeight += d * d;
            } else {
                coldWeight += d * d;
            }
        }
        if (hotWeight + coldWeight > budget) {
            return false;
        }
        int k = m; // the fewest hot moves that fit the budget (running sums: a margin for their drift)
        while (k > 0 && hotWeights[k - 1] + coldWeight <= budget * (1 + SLACK)) {
            k--;
        }
        for (int h = k; h <= m; h++) {
            if (raiseHot[Math.min(h, raiseHot.length - 1)] + raiseOther[Math.min(m - h, raiseOther.length - 1)] >= need) {
                return true;
            }
        }
        return false;
    }

    /** Prefix sums of the largest raises of the sum of loads: {bundles on the hot nodes, bundles elsewhere}. */
    private double[][] raisePrefixes(boolean[] hot) {
        List<double[]> onHot = new ArrayList<>();
        List<double[]> elsewhere = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (double g : growthOn[i]) {
                (hot[i] ? onHot : elsewhere).add(new double[] {g});
            }
        }
        return new double[][] {prefixOfLargest(onHot), prefixOfLargest(elsewhere)};
    }

    /** Least memory quanta per side (up to {@code cap}) that can do the same. */
    private long leastMemory(double a, double b, long cap) {
        return leastSteps(a, b, cap, this::memDistance);
    }

    private interface Distance {
        /** Distance of node i from the cell [a, b] after k steps (bundles or memory quanta) on it. */
        double of(int i, long k, double a, double b);
    }

    /**
     * Steps on the nodes above the cell (leaving) and below it (arriving), at most one of each per step, each
     * to the node whose squared distance drops most (optimal: the squared distances are convex in the steps).
     */
    private long leastSteps(double a, double b, long cap, Distance distance) {
        double budget = budgetPerMeanSquared * b * b;
        double[] taken = new double[n];
        long[] steps = new long[n];
        Comparator<double[]> largestGain = (x, y) -> Double.compare(y[0], x[0]);
        PriorityQueue<double[]> leaving = new PriorityQueue<>(largestGain);
        PriorityQueue<double[]> arriving = new PriorityQueue<>(largestGain);
        double spent = 0;
        for (int i = 0; i < n; i++) {
            double d = distance.of(i, 0, a, b);
            taken[i] = d * d;
            spent += taken[i];
            offer(i, 0, a, b, taken[i], load[i] > b ? leaving : arriving, distance);
        }
        for (long step = 0; step < cap; step++) {
            if (spent <= budget && exact(a, b, steps, distance) <= budget) { // no drift of the running sum decides
                return step;
            }
            boolean any = false;
            for (PriorityQueue<double[]> queue : List.of(leaving, arriving)) {
                double[] best = queue.poll();
                if (best != null) {
                    int i = (int) best[1];
                    steps[i]++;
                    spent -= best[0];
                    taken[i] -= best[0];
                    offer(i, steps[i], a, b, taken[i], queue, distance);
                    any = true;
                }
            }
            if (!any) {
                return cap;
            }
        }
        return cap;
    }

    private double exact(double a, double b, long[] steps, Distance distance) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double d = distance.of(i, steps[i], a, b);
            sum += d * d;
        }
        return sum;
    }

    private void offer(int i, long k, double a, double b, double now, PriorityQueue<double[]> queue,
                       Distance distance) {
        double next = distance.of(i, k + 1, a, b);
        double gain = now - next * next;
        if (gain > 0) {
            queue.add(new double[] {gain, i});
        }
    }

    /** Distance of node i from the cell after k of its bundles leave (above the cell) or arrive (below). */
    private double distance(int i, long k, double a, double b) {
        if (load[i] > b) {
            double[] p = outPrefix[i];
            return Math.max(0, load[i] - p[(int) Math.min(k, p.length - 1)] - b);
        }
        if (load[i] < a) {
            double[] p = inPrefix[i];
            return Math.max(0, a - load[i] - p[(int) Math.min(k, p.length - 1)]);
        }
        return 0;
    }

    private double memDistance(int i, long quanta, double a, double b) {
        if (load[i] > b) {
            return Math.max(0, load[i] - loadFor(outByMem[i], quanta * quantum) - b);
        }
        if (load[i] < a) {
            return Math.max(0, a - load[i] - loadFor(inByMem[i], quanta * quantum));
        }
        return 0;
    }
}
