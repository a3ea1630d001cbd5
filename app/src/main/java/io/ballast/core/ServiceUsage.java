package io.ballast.core;

import io.ballast.planner.usage.NodeStats;
import io.ballast.planner.usage.ResourceStats;
import io.ballast.planner.usage.SchedulerMode;
import io.ballast.planner.usage.UsageModel;
import io.ballast.planner.usage.UsageModels;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which service loads which online node (spec §3.2), kept current on every state change so later
 * placements in the same round see earlier ones.
 */
final class ServiceUsage {
    private final UsageModel model;
    private final Set<String> online;
    private final Map<String, ResourceStats> stats;
    /** Basic-mode counts per node, including the service being placed (as 5.2 scores it). */
    private final Map<String, String[]> counted = new TreeMap<>();

    private ServiceUsage(UsageModel model, List<String> onlineNodes, Map<String, ResourceStats> stats) {
        this.model = model;
        this.online = new HashSet<>(onlineNodes);
        this.stats = stats;
    }

    /**
     * Builds the model for {@code mode}; static/dynamic fall back to basic with a warning when the
     * model cannot be built (spec §3.3).
     */
    static ServiceUsage create(SchedulerMode mode, List<String> onlineNodes, Map<String, NodeStats> nodeStats,
                               Map<String, ResourceStats> serviceStats, RoundLog log) {
        UsageModel model = null;
        if (mode != SchedulerMode.BASIC) {
            try {
                List<NodeStats> nodes = new ArrayList<>();
                for (String n : onlineNodes) {
                    nodes.add(nodeStats.getOrDefault(n, NodeStats.basic(n)));
                }
                model = UsageModels.create(mode, nodes);
            } catch (IllegalArgumentException e) {
                log.add("warn", "fallback to 'basic' scheduler mode, init for '" + mode.key() + "' failed - "
                        + e.getMessage());
            }
        }
        if (model == null) {
            List<NodeStats> nodes = onlineNodes.stream().map(NodeStats::basic).toList();
            model = UsageModels.create(SchedulerMode.BASIC, nodes);
        }
        return new ServiceUsage(model, onlineNodes, serviceStats);
    }

    UsageModel model() {
        return model;
    }

    ResourceStats statsOf(String sid) {
        return stats.getOrDefault(sid, ResourceStats.NONE);
    }

    /** The nodes a service in this state loads: [current or null, target or null] (spec §3.2). */
    static String[] usedNodes(Set<String> online, ServiceState state, String node, String target) {
        if (state == ServiceState.STOPPED || state == ServiceState.REQUEST_START) {
            return new String[] {null, null};
        }
        String current = null;
        String moveTarget = null;
        if (state != ServiceState.REQUEST_START_BALANCE && node != null && online.contains(node)) {
            current = node;
        }
        if (state.isMoving() && target != null && online.contains(target)) {
            moveTarget = target;
        }
        return new String[] {current, moveTarget};
    }

    Set<String> online() {
        return online;
    }

    void update(String sid, ServiceEntry e) {
        String[] used = usedNodes(online, e.state, e.node, e.target);
        model.removeResource(sid);
        counted.remove(sid);
        if (used[0] == null && used[1] == null) {
            return;
        }
        counted.put(sid, used);
        boolean running = (e.state == ServiceState.STARTED && e.running)
                || (e.state != ServiceState.STARTED && used[0] != null);
        model.addResource(sid, used[0], used[1], running, statsOf(sid));
    }

    void remove(String sid) {
        model.removeResource(sid);
        counted.remove(sid);
    }

    /** Scores for placing {@code sid} (lower is better) over every online node. */
    Map<String, Double> score(String sid, List<String> candidates) {
        if (model.mode() == SchedulerMode.BASIC) {
            Map<String, Double> scores = new TreeMap<>();
            for (String n : candidates) {
                scores.put(n, 0.0);
            }
            counted.values().forEach(used -> {
                for (String n : used) {
                    if (n != null && scores.containsKey(n)) {
                        scores.merge(n, 1.0, Double::sum);
                    }
                }
            });
            return scores;
        }
        return model.scoreNodesToStart(sid, statsOf(sid), candidates);
    }
}
