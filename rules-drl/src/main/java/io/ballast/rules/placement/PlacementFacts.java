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
 */
public record PlacementFacts(List<Node> nodes, List<Unit> units, CompiledRules rules,
                             Map<String, SortedSet<String>> occupied, Map<String, ? extends java.util.Set<String>> nodeTags,
                             Map<String, ? extends java.util.Set<String>> resourceTags) {

    public PlacementFacts(List<Node> nodes, List<Unit> units, CompiledRules rules,
                          Map<String, SortedSet<String>> occupied) {
        this(nodes, units, rules, occupied, Map.of(), Map.of());
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
