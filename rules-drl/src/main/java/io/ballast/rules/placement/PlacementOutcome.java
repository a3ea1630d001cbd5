package io.ballast.rules.placement;

import java.util.List;
import java.util.SortedMap;

/** What the planner consumes, per unit id (sorted). */
public record PlacementOutcome(SortedMap<String, UnitOutcome> units) {

    /**
     * @param allowed      nodes passing H1–H7 → priority class
     * @param preferred    allowed nodes in the highest class among them (S1)
     * @param returnTarget maintenance node to return to (S2), null if none
     * @param mustMove     reasons the unit has to leave its current node (empty = may stay)
     * @param excluded     every excluded node with its reasons ("H2: node is in maintenance")
     * @param blocked      reason when the unit must move but no node is allowed, else null
     */
    public record UnitOutcome(SortedMap<String, Integer> allowed, List<String> preferred, String returnTarget,
                              List<String> mustMove, SortedMap<String, List<String>> excluded, String blocked) {
    }
}
