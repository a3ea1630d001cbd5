package io.ballast.planner;

import io.ballast.planner.plan.PlanConstraints;
import io.ballast.planner.plan.PlanNode;
import io.ballast.planner.plan.PlanUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rebalancing start for the local search (own code): the fewest, smallest migrations that bring the
 * imbalance to the target, starting from the current placement (no move at all when it is already there).
 *
 * <ol>
 *   <li><b>Reach the target.</b> While the imbalance is above the target, apply the move of a unit still on its
 *       own node from a node above the mean load to a cooler one with the largest imbalance reduction per
 *       disruption point ({@link PlanConstraints#disruption}): big units off hot nodes first, the smaller of
 *       two nearly equal moves.</li>
 *   <li><b>Drop moves.</b> Send a migrated unit back when the plan stays at or below the target without it
 *       (largest disruption first).</li>
 *   <li><b>Retarget.</b> Send migrated units to the node that lowers the imbalance most (free: they
 *       migrate anyway), which makes room to drop more moves.</li>
 *   <li><b>Exchange moves.</b> Replace a migration by a less disruptive one that keeps the plan at or below
 *       the target.</li>
 * </ol>
 * Never breaks a hard rule, lowers a unit's priority class or takes it off its maintenance node.
 * Deterministic: units in id order, nodes in name order, the first of equal candidates wins. Imbalance is
 * computed exactly as the score does ({@link PlanConstraints#loadPpm}, {@link PlanConstraints#imbalancePpm}).
 */
final class LeastDisruption {
    private LeastDisruption() {
    }

    /** Returns the number of migrations in the result. */
    static int apply(List<PlanNode> nodes, List<PlanUnit> units, long targetPpm) {
        State s = new State(nodes, units);
        s.reachTarget(targetPpm);
        s.dropMoves(targetPpm);
        s.retarget();
        s.dropMoves(targetPpm);
        s.exchangeMoves(targetPpm);
        s.dropMoves(targetPpm);
        int migrated = 0;
        for (int k = 0; k < units.size(); k++) {
            units.get(k).setNode(nodes.get(s.at[k]));
            migrated += s.at[k] != s.home[k] ? 1 : 0;
        }
        return migrated;
    }

    private static final class State {
        final List<PlanNode> nodes;
        final List<PlanUnit> units;
        final int n;
        final int m;
        final long[] cpu;
        final long[] mem;
        final long[] load;
        long sum;
        long squares;
        final int[] at;
        final int[] home; // current node, or -1 for a unit without one (never moved here)
        final boolean[] locked; // kept on its maintenance node
        final int[] floor;
        final int[][] prio;
        final long[] cost;
        final int[] kind; // units of one kind on one node are interchangeable: evaluated once per scan
        final List<Set<String>> hosted = new ArrayList<>();

        State(List<PlanNode> nodes, List<PlanUnit> units) {
            this.nodes = nodes;
            this.units = units;
            n = nodes.size();
            m = units.size();
            Map<String, Integer> index = new HashMap<>();
            cpu = new long[n];
            mem = new long[n];
            load = new long[n];
            for (int i = 0; i < n; i++) {
                index.put(nodes.get(i).name(), i);
                hosted.add(new HashSet<>(nodes.get(i).fixedUnits()));
            }
            at = new int[m];
            home = new int[m];
            locked = new boolean[m];
            floor = new int[m];
            prio = new int[m][n];
            cost = new long[m];
            kind = new int[m];
            Map<List<Object>, Integer> kinds = new HashMap<>();
            for (int k = 0; k < m; k++) {
                PlanUnit u = units.get(k);
                at[k] = index.get(u.getNode().name());
                home[k] = u.getCurrentNode() == null ? -1 : index.getOrDefault(u.getCurrentNode(), -1);
                int[] p = prio[k];
                Arrays.fill(p, Integer.MIN_VALUE);
                u.getAllowed().forEach((node, c) -> p[index.get(node)] = c);
                floor[k] = prio[k][at[k]];
                locked[k] = !u.isAwayFromMaintenanceNode() && u.getMaintenanceNode() != null
                        && u.getAllowed().containsKey(u.getMaintenanceNode());
                cost[k] = PlanConstraints.disruption(u);
                kind[k] = u.getSeparateFrom().isEmpty()
                        ? kinds.computeIfAbsent(List.of(u.getCpuMilli(), u.getMemMib(), u.isRelocate(),
                                u.getAllowed(), floor[k]), x -> kinds.size())
                        : -1 - k;
                cpu[at[k]] += u.getCpuMilli();
                mem[at[k]] += u.getMemMib();
                hosted.get(at[k]).add(u.getId());
            }
            for (int i = 0; i < n; i++) {
                cpu[i] += nodes.get(i).baseCpuMilli();
                mem[i] += nodes.get(i).baseMemMib();
                load[i] = loadOf(i, cpu[i], mem[i]);
                sum += load[i];
                squares += load[i] * load[i];
            }
        }

        private long loadOf(int i, long c, long mm) {
            PlanNode node = nodes.get(i);
            // PlanConstraints.loadPpm adds the base load itself; here the totals already hold it
            return Math.round(500_000 * ((double) c / node.cpuMilli() + (double) mm / node.memMib()));
        }

        long imbalancePpm() {
            return PlanConstraints.imbalancePpm(n, sum, squares);
        }

        /** Imbalance after moving unit k to {@code to}, or -1 when a hard rule forbids it. */
        long imbalanceAfter(int k, int to) {
            int from = at[k];
            if (to == from || prio[k][to] < floor[k] || locked[k]) {
                return -1;
            }
            PlanUnit u = units.get(k);
            PlanNode target = nodes.get(to);
            if (target.memoryLimit() && mem[to] + u.getMemMib() > target.memMib()) {
                return -1;
            }
            for (String partner : u.getSeparateFrom()) {
                if (hosted.get(to).contains(partner)) {
                    return -1;
                }
            }
            long lf = loadOf(from, cpu[from] - u.getCpuMilli(), mem[from] - u.getMemMib());
            long lt = loadOf(to, cpu[to] + u.getCpuMilli(), mem[to] + u.getMemMib());
            long s = sum - load[from] - load[to] + lf + lt;
            long q = squares - load[from] * load[from] - load[to] * load[to] + lf * lf + lt * lt;
            return PlanConstraints.imbalancePpm(n, s, q);
        }

        void move(int k, int to) {
            PlanUnit u = units.get(k);
            int from = at[k];
            shift(from, -u.getCpuMilli(), -u.getMemMib());
            shift(to, u.getCpuMilli(), u.getMemMib());
            hosted.get(from).remove(u.getId());
            hosted.get(to).add(u.getId());
            at[k] = to;
        }

        private void shift(int i, long dc, long dm) {
            sum -= load[i];
            squares -= load[i] * load[i];
            cpu[i] += dc;
            mem[i] += dm;
            load[i] = loadOf(i, cpu[i], mem[i]);
            sum += load[i];
            squares += load[i] * load[i];
        }

        /** Best new migration of a unit still at home: {unit, target}, or null. */
        int[] bestMove(long before, long maxCost, long targetPpm, boolean reachOnly, int except) {
            double mean = (double) sum / n;
            int[] best = null;
            double bestValue = 0;
            Set<Long> seen = new HashSet<>();
            for (int k = 0; k < m; k++) {
                if (k == except || at[k] != home[k] || home[k] < 0 || cost[k] >= maxCost || load[at[k]] <= mean
                        || !seen.add(((long) kind[k] << 20) ^ at[k])) {
                    continue;
                }
                for (int to = 0; to < n; to++) {
                    if (load[to] >= load[at[k]]) {
                        continue;
                    }
                    long after = imbalanceAfter(k, to);
                    if (after < 0 || after >= before || (reachOnly && after > targetPpm)) {
                        continue;
                    }
                    // reaching the target: gain per disruption point; exchanging: the least disruption
                    double value = reachOnly ? 1e12 / cost[k] + (before - after) * 1e-9
                            : (double) (before - after) / cost[k];
                    if (value > bestValue) {
                        bestValue = value;
                        best = new int[] {k, to};
                    }
                }
            }
            return best;
        }

        void reachTarget(long targetPpm) {
            long now = imbalancePpm();
            while (now > targetPpm) {
                int[] best = bestMove(now, Long.MAX_VALUE, targetPpm, false, -1);
                if (best == null) {
                    return;
                }
                move(best[0], best[1]);
                now = imbalancePpm();
            }
        }

        /** Migrated units, most disruptive first. */
        private List<Integer> migrated() {
            List<Integer> list = new ArrayList<>();
            for (int k = 0; k < m; k++) {
                if (home[k] >= 0 && at[k] != home[k]) {
                    list.add(k);
                }
            }
            list.sort(Comparator.comparingLong((Integer k) -> -cost[k]).thenComparing(k -> k));
            return list;
        }

        /** Whether unit k may go back to its own node now (its class there is its floor; never locked). */
        private boolean canReturn(int k) {
            return imbalanceAfter(k, home[k]) >= 0;
        }

        /**
         * Moves migrated units to whichever other node lowers the imbalance most: free (they migrate anyway),
         * and the room it makes lets {@link #dropMoves} send more units back.
         */
        void retarget() {
            for (int pass = 0; pass < 3; pass++) {
                boolean changed = false;
                for (int k : migrated()) {
                    long now = imbalancePpm();
                    int bestTo = -1;
                    long bestAfter = now;
                    for (int to = 0; to < n; to++) {
                        if (to == home[k]) {
                            continue;
                        }
                        long after = imbalanceAfter(k, to);
                        if (after >= 0 && after < bestAfter) {
                            bestAfter = after;
                            bestTo = to;
                        }
                    }
                    if (bestTo >= 0) {
                        move(k, bestTo);
                        changed = true;
                    }
                }
                if (!changed) {
                    return;
                }
            }
        }

        void dropMoves(long targetPpm) {
            boolean changed = true;
            while (changed) {
                changed = false;
                for (int k : migrated()) {
                    if (canReturn(k)) {
                        int away = at[k];
                        move(k, home[k]);
                        if (imbalancePpm() <= targetPpm) {
                            changed = true;
                        } else {
                            move(k, away);
                        }
                    }
                }
            }
        }

        void exchangeMoves(long targetPpm) {
            if (imbalancePpm() > targetPpm) {
                return;
            }
            for (int k : migrated()) {
                if (!canReturn(k)) {
                    continue;
                }
                int away = at[k];
                move(k, home[k]);
                long now = imbalancePpm();
                if (now <= targetPpm) {
                    continue; // not needed at all
                }
                int[] best = bestMove(now, cost[k], targetPpm, true, k);
                if (best == null) {
                    move(k, away);
                } else {
                    move(best[0], best[1]);
                }
            }
        }
    }
}
