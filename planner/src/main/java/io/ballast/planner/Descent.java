package io.ballast.planner;

import io.ballast.planner.plan.PlanConstraints;
import io.ballast.planner.plan.PlanNode;
import io.ballast.planner.plan.PlanUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rebalancing start for the local search (own code): steepest descent on the plan's soft score. Each step
 * applies the one unit move with the largest gain (balance points won minus the migration cost it adds or
 * saves), never breaking a hard constraint, lowering a unit's priority class or taking it off its
 * maintenance node, until no move gains. Big units across big gaps come first, so the plan reaches a
 * balanced state with few migrations; the Timefold local search then polishes. Deterministic: ties go to
 * the first unit (id order) and the first node (name order).
 */
final class Descent {
    private static final int NOT_ALLOWED = Integer.MIN_VALUE;

    private Descent() {
    }

    static int apply(List<PlanNode> nodes, List<PlanUnit> units, long migrationCost, int maxSteps) {
        int n = nodes.size();
        int m = units.size();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < n; i++) {
            index.put(nodes.get(i).name(), i);
        }
        long[] cpu = new long[n];
        long[] mem = new long[n];
        List<Set<String>> hosted = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            cpu[i] = nodes.get(i).baseCpuMilli();
            mem[i] = nodes.get(i).baseMemMib();
            hosted.add(new HashSet<>(nodes.get(i).fixedUnits()));
        }
        int[] at = new int[m];
        int[] current = new int[m];
        int[] floor = new int[m]; // lowest priority a target may have (the unit's class now)
        int[] home = new int[m]; // maintenance node the unit must stay on, or -1
        int[][] prio = new int[m][n];
        for (int k = 0; k < m; k++) {
            PlanUnit u = units.get(k);
            at[k] = index.get(u.getNode().name());
            current[k] = u.getCurrentNode() == null ? -1 : index.getOrDefault(u.getCurrentNode(), -1);
            Arrays.fill(prio[k], NOT_ALLOWED);
            for (var e : u.getAllowed().entrySet()) {
                prio[k][index.get(e.getKey())] = e.getValue();
            }
            floor[k] = prio[k][at[k]];
            home[k] = !u.isAwayFromMaintenanceNode() && u.getMaintenanceNode() != null
                    && u.getAllowed().containsKey(u.getMaintenanceNode()) ? index.get(u.getMaintenanceNode()) : -1;
            cpu[at[k]] += u.getCpuMilli();
            mem[at[k]] += u.getMemMib();
            hosted.get(at[k]).add(u.getId());
        }
        State state = new State(nodes, units, migrationCost, cpu, mem, hosted, at, current, floor, prio);
        // Lazy steepest descent: a queue of every unit's best gain; the top is re-evaluated before it is applied
        // and goes back if it no longer beats the next one. A full re-scan ends the run when nothing gains.
        int steps = 0;
        while (steps < maxSteps) {
            java.util.PriorityQueue<double[]> queue = new java.util.PriorityQueue<>(
                    (x, y) -> x[0] != y[0] ? Double.compare(y[0], x[0]) : Double.compare(x[1], y[1]));
            for (int k = 0; k < m; k++) {
                double[] best = home[k] >= 0 ? null : state.best(k);
                if (best != null) {
                    queue.add(new double[] {best[0], k});
                }
            }
            if (queue.isEmpty()) {
                return steps;
            }
            while (!queue.isEmpty() && steps < maxSteps) {
                int k = (int) queue.poll()[1];
                double[] best = state.best(k);
                if (best == null) {
                    continue;
                }
                if (!queue.isEmpty() && best[0] < queue.peek()[0]) {
                    queue.add(new double[] {best[0], k});
                    continue;
                }
                state.move(k, (int) best[1]);
                steps++;
            }
        }
        return steps;
    }

    /** Node totals and unit positions during the descent. */
    private record State(List<PlanNode> nodes, List<PlanUnit> units, long migrationCost, long[] cpu, long[] mem,
                         List<Set<String>> hosted, int[] at, int[] current, int[] floor, int[][] prio) {

        /** {gain, target} of the unit's best move, or null when no move gains at least one point. */
        double[] best(int k) {
            PlanUnit u = units.get(k);
            int from = at[k];
            PlanNode source = nodes.get(from);
            double leave = squares(source, cpu[from], mem[from])
                    - squares(source, cpu[from] - u.getCpuMilli(), mem[from] - u.getMemMib());
            long migration = migrationCost + u.getMemMib() / 1024;
            long saved = current[k] >= 0 && current[k] != from ? migration : 0;
            double bestGain = 0.5; // at least one score point, so rounding cannot make a step worsen the score
            int bestTarget = -1;
            for (int to = 0; to < nodes.size(); to++) {
                if (to == from || prio[k][to] < floor[k]) {
                    continue; // not allowed (MIN_VALUE) or a lower class
                }
                PlanNode target = nodes.get(to);
                double enter = squares(target, cpu[to] + u.getCpuMilli(), mem[to] + u.getMemMib())
                        - squares(target, cpu[to], mem[to]);
                long added = current[k] >= 0 && current[k] != to ? migration : 0;
                double gain = leave - enter - added + saved;
                if (gain <= bestGain
                        || (target.memoryLimit() && mem[to] + u.getMemMib() > target.memMib())
                        || (!u.getSeparateFrom().isEmpty()
                            && hosted.get(to).stream().anyMatch(u.getSeparateFrom()::contains))) {
                    continue;
                }
                bestGain = gain;
                bestTarget = to;
            }
            return bestTarget < 0 ? null : new double[] {bestGain, bestTarget};
        }

        void move(int k, int to) {
            PlanUnit u = units.get(k);
            int from = at[k];
            cpu[from] -= u.getCpuMilli();
            mem[from] -= u.getMemMib();
            hosted.get(from).remove(u.getId());
            cpu[to] += u.getCpuMilli();
            mem[to] += u.getMemMib();
            hosted.get(to).add(u.getId());
            at[k] = to;
            u.setNode(nodes.get(to));
        }
    }

    /** {@link PlanConstraints#squares} without rounding (the descent compares differences only). */
    private static double squares(PlanNode node, long cpuMilli, long memMib) {
        return 100 * ((double) cpuMilli * cpuMilli / node.cpuMilli() / 1000 + (double) memMib * memMib / node.memMib() / 1024);
    }
}
