package io.ballast.planner.usage;

import java.util.List;

/** Factory for the per-round usage model (implemented in the planner issue). */
public final class UsageModels {
    private UsageModels() {
    }

    /**
     * A fresh model over the online nodes. Static and dynamic modes need node capacity; when a node
     * lacks it the caller falls back to basic (spec §3.3).
     */
    public static UsageModel create(SchedulerMode mode, List<NodeStats> onlineNodes) {
        throw new UnsupportedOperationException("usage model not implemented yet");
    }
}
