package io.ballast.planner;

import io.ballast.planner.plan.PlanNode;
import io.ballast.planner.plan.PlanUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Construction heuristic (own code, cheaper than Timefold's at scale): units stay where they are when
 * allowed; the rest go, largest memory first, to the allowed top-class node with the lowest memory load
 * that has room and no separated partner.
 */
final class InitialPlacement {
    private InitialPlacement() {
    }

    static void apply(List<PlanNode> nodes, List<PlanUnit> units) {
        Map<String, PlanNode> byName = new TreeMap<>();
        nodes.forEach(n -> byName.put(n.name(), n));
        Map<String, Long> mem = new TreeMap<>();
        Map<String, List<String>> hosted = new TreeMap<>();
        List<PlanUnit> homeless = new ArrayList<>();
        for (PlanUnit u : units) {
            String current = u.getCurrentNode();
            if (current != null && u.getAllowed().containsKey(current)) {
                place(u, byName.get(current), mem, hosted);
            } else {
                homeless.add(u);
            }
        }
        homeless.sort(Comparator.comparingLong(PlanUnit::getMemMib).reversed().thenComparing(PlanUnit::getId));
        for (PlanUnit u : homeless) {
            int top = u.getAllowed().values().stream().mapToInt(Integer::intValue).max().orElse(0);
            PlanNode best = null;
            double bestLoad = Double.MAX_VALUE;
            boolean bestFits = false;
            for (PlanNode n : nodes) {
                Integer prio = u.getAllowed().get(n.name());
                if (prio == null) {
                    continue;
                }
                boolean separated = !u.getSeparateFrom().isEmpty() && hosted.getOrDefault(n.name(), List.of())
                        .stream().anyMatch(u.getSeparateFrom()::contains);
                long after = mem.getOrDefault(n.name(), 0L) + u.getMemMib();
                boolean fits = !separated && (!n.memoryLimit() || after <= n.memMib());
                // Top class first, then fitting, then lowest memory load.
                double load = (prio == top ? 0 : 10) + (double) after / n.memMib();
                if (best == null || (fits && !bestFits) || (fits == bestFits && load < bestLoad)) {
                    best = n;
                    bestLoad = load;
                    bestFits = fits;
                }
            }
            place(u, best, mem, hosted);
        }
    }

    private static void place(PlanUnit u, PlanNode node, Map<String, Long> mem, Map<String, List<String>> hosted) {
        u.setNode(node);
        mem.merge(node.name(), u.getMemMib(), Long::sum);
        hosted.computeIfAbsent(node.name(), k -> new ArrayList<>()).add(u.getId());
    }
}
