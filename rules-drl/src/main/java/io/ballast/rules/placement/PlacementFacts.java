package io.ballast.rules.placement;

import java.util.List;
import java.util.Map;
import java.util.SortedSet;

import io.ballast.rules.compiled.CompiledRules;

/**
 * Input of {@link PlacementPolicy#evaluate}.
 *
 * @param nodes    every cluster node
 * @param units    placement units (keep-together group or single resource)
 * @param rules    compiled rules (node affinity inherited by group members)
 * @param occupied sid → nodes it occupies (current node, plus migration target while moving)
 * @param nodeTags node → its tags (for custom rules; may be empty)
 * @param resourceTags sid → its guest tags (for custom rules; may be empty)
 * @param capacity H6 memory check, null when off (the default)
 */
public record PlacementFacts(List<Node> nodes, List<Unit> units, CompiledRules rules,
                             Map<String, SortedSet<String>> occupied, Map<String, ? extends java.util.Set<String>> nodeTags,
                             Map<String, ? extends java.util.Set<String>> resourceTags, Capacity capacity) {

    public PlacementFacts(List<Node> nodes, List<Unit> units, CompiledRules rules,
                          Map<String, SortedSet<String>> occupied) {
        this(nodes, units, rules, occupied, Map.of(), Map.of(), null);
    }

    public PlacementFacts(List<Node> nodes, List<Unit> units, CompiledRules rules,
                          Map<String, SortedSet<String>> occupied, Map<String, ? extends java.util.Set<String>> nodeTags,
                          Map<String, ? extends java.util.Set<String>> resourceTags) {
        this(nodes, units, rules, occupied, nodeTags, resourceTags, null);
    }

    /** A copy with the H6 memory check switched on. */
    public PlacementFacts withCapacity(Capacity capacity) {
        return new PlacementFacts(nodes, units, rules, occupied, nodeTags, resourceTags, capacity);
    }

    /**
     * H6 [EXT] (spec §10.4), off unless given: a node is excluded for a unit that is not on it when its used
     * memory plus the unit's would exceed {@code overcommitPercent} % of the node's memory.
     *
     * @param nodeMaxMem        node → memory in bytes (nodes missing here are not checked)
     * @param nodeUsedMem       node → memory in use now in bytes
     * @param resourceMem       sid → memory the resource needs in bytes (a unit needs the sum of its members)
     * @param overcommitPercent limit in percent of the node's memory, e.g. 100 for none, 150 for 1.5x
     */
    public record Capacity(Map<String, Long> nodeMaxMem, Map<String, Long> nodeUsedMem, Map<String, Long> resourceMem,
                           int overcommitPercent) {
        public Capacity {
            if (overcommitPercent <= 0) {
                throw new IllegalArgumentException("overcommitPercent must be positive, got " + overcommitPercent);
            }
            nodeMaxMem = Map.copyOf(nodeMaxMem);
            nodeUsedMem = Map.copyOf(nodeUsedMem);
            resourceMem = Map.copyOf(resourceMem);
        }
    }

    /** A node as placement sees it: H1 online, H2 maintenance. */
    public record Node(String name, boolean online, boolean maintenance) {
    }

    /**
     * @param id              unit id (first member sid)
     * @param members         member sids, sorted
     * @param current         current node, null if none
     * @param maintenanceNode node the unit was evacuated from, null if none
     * @param failback        failback on for every member
     * @param failedNodes     nodes that already failed to start it (H7)
     */
    public record Unit(String id, List<String> members, String current, String maintenanceNode, boolean failback,
                       List<String> failedNodes) {
    }
}
