package io.ballast.planner.rebalance;

import io.ballast.planner.usage.Imbalance;
import io.ballast.planner.usage.NodeUsage;
import io.ballast.planner.usage.ResourceStats;
import io.ballast.planner.usage.Topsis;
import io.ballast.planner.usage.UsageModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Proxmox-compatible automatic rebalancing: one bundle move per round (spec §6.3 steps 4–6). */
public final class GreedyRebalancer {
    private GreedyRebalancer() {
    }

    /**
     * Picks the move by {@code method} (bruteforce or topsis) over every candidate × target and returns
     * it with the expected imbalance; the caller applies the margin check. Empty when there is no candidate.
     */
    public static Optional<RebalanceChoice> select(UsageModel model, List<BundleCandidate> candidates,
                                                   RebalanceMethod method) {
        if (method == RebalanceMethod.PLAN) {
            throw new IllegalArgumentException("method 'plan' is not a greedy method; use the Timefold planner");
        }
        List<NodeUsage> usage = model.nodeUsage();
        double before = Imbalance.of(usage);
        List<Move> moves = moves(usage, candidates, model, method == RebalanceMethod.TOPSIS);
        if (moves.isEmpty()) {
            return Optional.empty();
        }
        Move chosen;
        if (method == RebalanceMethod.BRUTEFORCE) {
            // Moves are already in (leader, source, target) order, so the first minimum wins ties.
            chosen = moves.get(0);
            for (Move move : moves) {
                if (Imbalance.truncate(move.imbalance()) < Imbalance.truncate(chosen.imbalance())) {
                    chosen = move;
                }
            }
        } else {
            List<double[]> alternatives = new ArrayList<>();
            moves.forEach(m -> alternatives.add(m.alternative()));
            chosen = moves.get(Topsis.best(Topsis.closeness(alternatives)));
        }
        return Optional.of(new RebalanceChoice(chosen.leader(), chosen.source(), chosen.target(), before,
                chosen.imbalance()));
    }

    /** A scored move; only the figures are kept, not the post-move cluster (250,000 moves at 64 nodes). */
    private record Move(String leader, String source, String target, double[] alternative, double imbalance) {
    }

    /** Every candidate × target scored on its post-move cluster, ordered by (leader, source, target). */
    private static List<Move> moves(List<NodeUsage> usage, List<BundleCandidate> candidates, UsageModel model,
                                    boolean topsis) {
        List<BundleCandidate> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.comparing(BundleCandidate::leader).thenComparing(BundleCandidate::source));
        List<String> names = usage.stream().map(NodeUsage::name).toList();
        List<Move> moves = new ArrayList<>();
        for (BundleCandidate candidate : sorted) {
            int source = names.indexOf(candidate.source());
            if (source < 0) {
                continue; // [FIX] §6.3: a bundle on a non-online node is skipped, not fatal
            }
            double cpu = 0;
            double mem = 0;
            for (String member : candidate.members()) {
                double[] load = model.movedLoad(candidate.stats().getOrDefault(member, ResourceStats.NONE));
                cpu += load[0];
                mem += load[1];
            }
            for (String target : candidate.targets().stream().sorted().toList()) {
                int t = names.indexOf(target);
                if (t < 0 || t == source) {
                    continue;
                }
                List<NodeUsage> cluster = new ArrayList<>(usage);
                cluster.set(source, cluster.get(source).plus(-cpu, -mem));
                cluster.set(t, cluster.get(t).plus(cpu, mem));
                moves.add(new Move(candidate.leader(), candidate.source(), target,
                        topsis ? Topsis.alternative(cluster) : null, Imbalance.of(cluster)));
            }
        }
        return moves;
    }
}
