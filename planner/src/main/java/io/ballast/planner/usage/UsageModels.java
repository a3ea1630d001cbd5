package io.ballast.planner.usage;

import java.util.List;

/** Factory for the per-round usage model (implemented in the planner issue). */
public final class UsageModels {
    private UsageModels() {
    }

    /**
     * A fresh model over the online nodes. Static and dynamic modes need node capacity; when a node
     * lacks it the caller falls back to basic (spec §3.3).
     *
     * @throws IllegalArgumentException static mode with a node lacking maxcpu/maxmem (message names it),
     *                                  or a duplicate node; dynamic mode defaults capacity to 24 cores / 128 GiB
     */
    public static UsageModel create(SchedulerMode mode, List<NodeStats> onlineNodes) {
        if (mode == null || onlineNodes == null) {
            throw new IllegalArgumentException("mode and onlineNodes are required");
        }
        return new CrsUsageModel(mode, onlineNodes);
    }
}
