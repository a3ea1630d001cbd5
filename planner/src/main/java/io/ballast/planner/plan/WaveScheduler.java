package io.ballast.planner.plan;

import io.ballast.planner.PlanRequest;
import io.ballast.planner.PlanResult.Move;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Orders a solved placement into waves so that every intermediate state meets the hard constraints:
 * a migrating unit holds memory on source and target until its wave ends, no unit lands next to a
 * separated partner (present or arriving), and each wave respects the per-node and cluster caps on
 * concurrent migrations. Recoveries (no source) are starts, not migrations: they are exempt from the
 * caps and go first. Moves that can never be ordered (circular swaps) are left out.
 */
public final class WaveScheduler {
    private WaveScheduler() {
    }

    public static List<List<Move>> schedule(List<PlanNode> nodes, List<PlanUnit> units,
                                            Map<String, PlanRequest.Unit> requests, PlanRequest.Settings settings) {
        Map<String, PlanNode> byName = new TreeMap<>();
        nodes.forEach(n -> byName.put(n.name(), n));
        Map<String, Long> mem = new TreeMap<>();
        Map<String, Set<String>> hosted = new TreeMap<>();
        List<PlanUnit> pending = new ArrayList<>();
        for (PlanUnit u : units) {
            if (u.getCurrentNode() != null) {
                mem.merge(u.getCurrentNode(), u.getMemMib(), Long::sum);
                hosted.computeIfAbsent(u.getCurrentNode(), k -> new TreeSet<>()).add(u.getId());
            }
            if (!u.getNode().name().equals(u.getCurrentNode())) {
                pending.add(u);
            }
        }
        List<List<Move>> waves = new ArrayList<>();
        while (!pending.isEmpty()) {
            List<Move> wave = new ArrayList<>();
            List<PlanUnit> started = new ArrayList<>();
            Map<String, Integer> perNode = new TreeMap<>();
            int migrations = 0;
            boolean recoveriesFirst = pending.stream().anyMatch(u -> u.getCurrentNode() == null);
            for (PlanUnit u : pending) {
                String source = u.getCurrentNode();
                String target = u.getNode().name();
                boolean recovery = source == null;
                if (recoveriesFirst != recovery) {
                    continue;
                }
                if (!recovery && (migrations >= settings.maxMigrationsCluster()
                        || perNode.getOrDefault(source, 0) >= settings.maxMigrationsPerNode()
                        || perNode.getOrDefault(target, 0) >= settings.maxMigrationsPerNode())) {
                    continue;
                }
                PlanNode t = byName.get(target);
                if (t.memoryLimit() && mem.getOrDefault(target, 0L) + u.getMemMib() > t.memMib()) {
                    continue;
                }
                if (!u.getSeparateFrom().isEmpty()
                        && hosted.getOrDefault(target, Set.of()).stream().anyMatch(u.getSeparateFrom()::contains)) {
                    continue;
                }
                mem.merge(target, u.getMemMib(), Long::sum);
                hosted.computeIfAbsent(target, k -> new TreeSet<>()).add(u.getId());
                if (!recovery) {
                    migrations++;
                    perNode.merge(source, 1, Integer::sum);
                    perNode.merge(target, 1, Integer::sum);
                }
                started.add(u);
                wave.add(new Move(u.getId(), requests.get(u.getId()).members(), source, target));
            }
            if (wave.isEmpty()) {
                break;
            }
            for (PlanUnit u : started) {
                if (u.getCurrentNode() != null) {
                    mem.merge(u.getCurrentNode(), -u.getMemMib(), Long::sum);
                    hosted.get(u.getCurrentNode()).remove(u.getId());
                }
            }
            pending.removeAll(started);
            waves.add(wave);
        }
        return waves;
    }
}
