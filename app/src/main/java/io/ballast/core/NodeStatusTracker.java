package io.ballast.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * CRM node states (spec §1.4) plus the in-memory "last seen online" times behind the fence delay
 * (§2.1). One instance per master term: a new master starts the delay from its first look.
 */
final class NodeStatusTracker {
    static final long FENCE_DELAY = 60;
    static final long GONE_PURGE_DELAY = 3600;

    private final SortedMap<String, NodeState> status;
    private final Map<String, Long> lastOnline = new HashMap<>();
    /** Nodes that left the cluster while their agent held no watchdog (it was waiting for its lock). */
    private final java.util.Set<String> unprotectedAtDropout = new java.util.TreeSet<>();

    NodeStatusTracker(Map<String, NodeState> persisted) {
        this.status = new TreeMap<>(persisted);
    }

    NodeState state(String node) {
        return status.computeIfAbsent(node, n -> NodeState.UNKNOWN);
    }

    boolean isOnline(String node) {
        return node != null && state(node) == NodeState.ONLINE;
    }

    /** The manager only works while its own node is online or in maintenance. */
    boolean isOperational(String node) {
        NodeState s = state(node);
        return s == NodeState.ONLINE || s == NodeState.MAINTENANCE;
    }

    /** Not online and not seen online for {@code delay} seconds by this manager instance. */
    boolean isOfflineDelayed(String node, long now, long delay) {
        if (state(node) == NodeState.ONLINE) {
            return false;
        }
        Long last = lastOnline.get(node);
        if (last == null) {
            lastOnline.put(node, now);
            return false;
        }
        return now - last >= delay;
    }

    boolean isOfflineDelayed(String node, long now) {
        return isOfflineDelayed(node, now, FENCE_DELAY);
    }

    List<String> nodes() {
        return new ArrayList<>(status.keySet());
    }

    List<String> onlineNodes() {
        List<String> online = new ArrayList<>();
        status.forEach((n, s) -> {
            if (s == NodeState.ONLINE) {
                online.add(n);
            }
        });
        return online;
    }

    SortedMap<String, NodeState> snapshot() {
        return new TreeMap<>(status);
    }

    /** Step 1 of the round: membership and LRM modes → node states. */
    void update(Set<String> clusterNodes, Set<String> onlineMembers, Map<String, LrmMode> lrmModes,
                Set<String> agentsWithoutWatchdog, long now, RoundLog log) {
        for (String node : status.keySet()) {
            NodeState s = status.get(node);
            boolean leaving = !(onlineMembers.contains(node) && clusterNodes.contains(node))
                    && (s == NodeState.ONLINE || s == NodeState.MAINTENANCE);
            if (leaving && agentsWithoutWatchdog.contains(node)) {
                unprotectedAtDropout.add(node);
            }
        }
        for (String node : new TreeMap<>(toMap(clusterNodes)).keySet()) {
            if (!onlineMembers.contains(node)) {
                continue;
            }
            lastOnline.put(node, now);
            LrmMode mode = lrmModes.get(node);
            switch (state(node)) {
                case ONLINE -> {
                    if (mode == LrmMode.MAINTENANCE) {
                        set(node, NodeState.MAINTENANCE, log);
                    }
                }
                case MAINTENANCE -> {
                    if (mode != LrmMode.MAINTENANCE) {
                        set(node, NodeState.ONLINE, log);
                    }
                }
                case UNKNOWN, GONE -> set(node, NodeState.ONLINE, log);
                case FENCE -> {
                    // stays fence until the fence is acknowledged
                }
            }
        }
        for (String node : new ArrayList<>(status.keySet())) {
            if (onlineMembers.contains(node) && clusterNodes.contains(node)) {
                continue;
            }
            LrmMode mode = lrmModes.get(node);
            switch (state(node)) {
                case ONLINE -> set(node, NodeState.UNKNOWN, log);
                case MAINTENANCE -> {
                    if (mode != LrmMode.MAINTENANCE) {
                        set(node, NodeState.UNKNOWN, log);
                    }
                }
                case UNKNOWN -> {
                    if (!clusterNodes.contains(node)) {
                        set(node, NodeState.GONE, log);
                    }
                }
                case GONE -> {
                    if (isOfflineDelayed(node, now, GONE_PURGE_DELAY)) {
                        lastOnline.remove(node);
                        status.remove(node);
                        log.add("noti", "deleting gone node '" + node + "', not a cluster member anymore.");
                    }
                }
                case FENCE -> {
                    // wait until fenced
                }
            }
        }
    }

    private static Map<String, Boolean> toMap(Set<String> nodes) {
        Map<String, Boolean> m = new TreeMap<>();
        nodes.forEach(n -> m.put(n, true));
        return m;
    }

    void set(String node, NodeState next, RoundLog log) {
        NodeState last = state(node);
        if (last == next) {
            return;
        }
        status.put(node, next);
        if (next == NodeState.ONLINE) {
            unprotectedAtDropout.remove(node);
        }
        log.add("info", "node '" + node + "': state changed from '" + last.key() + "' => '" + next.key() + "'");
        log.decision(node, "node-status", last.key() + " -> " + next.key(), "membership or LRM mode changed");
    }

    /** The node left the cluster (as this manager saw it) while its agent held no watchdog. */
    boolean leftUnprotected(String node) {
        return unprotectedAtDropout.contains(node);
    }

    /**
     * Starts (or continues) fencing a node and tries to take its agent lock (spec §2.2).
     *
     * @return true when the fence is acknowledged (lock taken): the node is then {@code unknown}
     */
    boolean fence(String node, Set<String> freeAgentLocks, RoundLog log) {
        if (state(node) != NodeState.FENCE) {
            set(node, NodeState.FENCE, log);
            log.add("emai", "FENCE: Try to fence node '" + node + "'");
        }
        if (!freeAgentLocks.contains(node)) {
            return false;
        }
        String msg = "fencing: acknowledged - got agent lock for node '" + node + "'";
        log.add("info", "got lock 'ha_agent_" + node + "_lock'");
        log.add("info", msg);
        log.effect(new Effect.AgentLockAcquired(node));
        set(node, NodeState.UNKNOWN, log);
        log.add("emai", "SUCCEED: " + msg);
        return true;
    }
}
