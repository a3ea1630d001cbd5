package io.ballast.planner.usage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The usage model of spec §3.2–3.8 for all three scheduler modes. */
final class CrsUsageModel implements UsageModel {
    /** FORMAT.md §1.1: dynamic mode assumes these when a node does not report its capacity. */
    static final double DYNAMIC_DEFAULT_MAXCPU = 24;
    static final long DYNAMIC_DEFAULT_MAXMEM = 128L * 1024 * 1024 * 1024;

    private record Counted(String current, String target, boolean running, ResourceStats stats) {
    }

    private final SchedulerMode mode;
    private final Map<String, NodeStats> nodes = new TreeMap<>();
    private final Map<String, Counted> resources = new TreeMap<>();

    CrsUsageModel(SchedulerMode mode, List<NodeStats> onlineNodes) {
        this.mode = mode;
        for (NodeStats node : onlineNodes) {
            NodeStats effective = node;
            if (mode == SchedulerMode.DYNAMIC) {
                effective = new NodeStats(node.name(),
                        node.maxCpu() > 0 ? node.maxCpu() : DYNAMIC_DEFAULT_MAXCPU,
                        node.maxMem() > 0 ? node.maxMem() : DYNAMIC_DEFAULT_MAXMEM, node.cpu(), node.mem(),
                        node.otherCpu(), node.otherMem());
            } else if (mode == SchedulerMode.STATIC && (node.maxCpu() <= 0 || node.maxMem() <= 0)) {
                throw new IllegalArgumentException("node '" + node.name()
                        + "': static scheduling needs maxcpu and maxmem (got " + node.maxCpu() + ", "
                        + node.maxMem() + "); fall back to basic");
            }
            if (nodes.put(node.name(), effective) != null) {
                throw new IllegalArgumentException("node '" + node.name() + "' listed twice");
            }
        }
    }

    @Override
    public SchedulerMode mode() {
        return mode;
    }

    @Override
    public List<String> nodes() {
        return List.copyOf(nodes.keySet());
    }

    @Override
    public void addResource(String sid, String currentNode, String targetNode, boolean running,
                            ResourceStats stats) {
        String current = currentNode != null && nodes.containsKey(currentNode) ? currentNode : null;
        String target = targetNode != null && nodes.containsKey(targetNode) && !targetNode.equals(current)
                ? targetNode : null;
        if (current == null && target == null) {
            resources.remove(sid);
            return;
        }
        resources.put(sid, new Counted(current, target, running, stats == null ? ResourceStats.NONE : stats));
    }

    @Override
    public void removeResource(String sid) {
        resources.remove(sid);
    }

    @Override
    public Map<String, Double> scoreNodesToStart(String sid, ResourceStats stats, List<String> candidates) {
        Map<String, Double> scores = new LinkedHashMap<>();
        if (mode == SchedulerMode.BASIC) {
            Map<String, Integer> counts = counts(sid);
            for (String node : candidates) {
                if (nodes.containsKey(node)) {
                    scores.put(node, (double) counts.getOrDefault(node, 0));
                }
            }
            return scores;
        }
        List<NodeUsage> base = schedulingUsage(sid);
        List<double[]> alternatives = new ArrayList<>();
        for (int i = 0; i < base.size(); i++) {
            List<NodeUsage> cluster = new ArrayList<>(base);
            NodeUsage node = cluster.get(i);
            cluster.set(i, node.plus(demandCpu(stats, node.maxCpu()), stats.maxMem()));
            alternatives.add(Topsis.alternative(cluster));
        }
        double[] closeness = Topsis.closeness(alternatives);
        Map<String, Double> byNode = new TreeMap<>();
        for (int i = 0; i < base.size(); i++) {
            byNode.put(base.get(i).name(), -closeness[i]);
        }
        for (String node : candidates) {
            if (byNode.containsKey(node)) {
                scores.put(node, byNode.get(node));
            }
        }
        return scores;
    }

    @Override
    public double imbalance() {
        return mode == SchedulerMode.BASIC ? 0 : Imbalance.of(nodeUsage());
    }

    @Override
    public List<NodeUsage> nodeUsage() {
        return switch (mode) {
            case BASIC -> {
                Map<String, Integer> counts = counts(null);
                List<NodeUsage> usage = new ArrayList<>();
                nodes.keySet().forEach(n -> usage.add(new NodeUsage(n, counts.getOrDefault(n, 0), 0, 1, 1)));
                yield usage;
            }
            case STATIC -> schedulingUsage(null);
            case DYNAMIC -> {
                List<NodeUsage> usage = new ArrayList<>();
                nodes.values().forEach(n -> usage.add(new NodeUsage(n.name(), n.cpu(), n.mem(), n.maxCpu(),
                        n.maxMem())));
                yield usage;
            }
        };
    }

    private Map<String, Integer> counts(String excluded) {
        Map<String, Integer> counts = new TreeMap<>();
        resources.forEach((sid, r) -> {
            if (!sid.equals(excluded)) {
                if (r.current() != null) {
                    counts.merge(r.current(), 1, Integer::sum);
                }
                if (r.target() != null) {
                    counts.merge(r.target(), 1, Integer::sum);
                }
            }
        });
        return counts;
    }

    /**
     * Usage the start/recovery scoring builds on: static = configured sizes of every counted resource;
     * dynamic = measured base + configured sizes of counted resources that are not running yet.
     * {@code excluded} is the resource being placed ([FIX] §3.5: not counted twice).
     */
    private List<NodeUsage> schedulingUsage(String excluded) {
        Map<String, NodeUsage> usage = new TreeMap<>();
        // dynamic: the measured figures hold every guest; static: non-HA guests enter by their configured size
        nodes.values().forEach(n -> usage.put(n.name(), new NodeUsage(n.name(),
                mode == SchedulerMode.DYNAMIC ? n.cpu() : n.otherCpu(),
                mode == SchedulerMode.DYNAMIC ? n.mem() : n.otherMem(), n.maxCpu(), n.maxMem())));
        resources.forEach((sid, r) -> {
            if (sid.equals(excluded)) {
                return;
            }
            boolean addOnCurrent = mode == SchedulerMode.STATIC || !r.running();
            if (r.current() != null && addOnCurrent) {
                usage.computeIfPresent(r.current(), (k, u) -> u.plus(demandCpu(r.stats(), u.maxCpu()),
                        r.stats().maxMem()));
            }
            // On its target a moving resource is always "starting": it is not in the measured usage yet.
            if (r.target() != null) {
                usage.computeIfPresent(r.target(), (k, u) -> u.plus(demandCpu(r.stats(), u.maxCpu()),
                        r.stats().maxMem()));
            }
        });
        return new ArrayList<>(usage.values());
    }

    /** Spec §3.5: maxcpu 0 means unlimited and counts as the node's full CPU count. */
    private static double demandCpu(ResourceStats stats, double nodeMaxCpu) {
        return stats.maxCpu() > 0 ? stats.maxCpu() : nodeMaxCpu;
    }
}
