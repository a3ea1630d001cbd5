package io.ballast.core;

import java.util.Map;

/**
 * Extra hard filters from rules outside the core, e.g. a custom DRL rule "never place resources tagged db on
 * nodes tagged old-hw". Asked once per round; a vetoed node is treated like a node the resource's rules do
 * not allow: it is never chosen, and a resource running there moves off it. Must be deterministic for the
 * same input, like the core itself.
 */
@FunctionalInterface
public interface PlacementVeto {

    PlacementVeto NONE = in -> Map.of();

    /** sid → node → why the node is vetoed for that resource (empty: no veto). */
    Map<String, Map<String, String>> vetoes(RoundInput in);
}
