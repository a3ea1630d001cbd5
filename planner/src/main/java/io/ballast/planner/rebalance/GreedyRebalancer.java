package io.ballast.planner.rebalance;

import io.ballast.planner.usage.UsageModel;
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
        throw new UnsupportedOperationException("greedy rebalancing not implemented yet");
    }
}
