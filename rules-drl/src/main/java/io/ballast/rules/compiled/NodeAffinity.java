package io.ballast.rules.compiled;

import java.util.SortedMap;

/**
 * Compiled node affinity of one resource: node → priority. A non-strict rule lists every cluster
 * node (unlisted ones at priority -1); a strict rule lists only its own nodes.
 */
public record NodeAffinity(String ruleId, SortedMap<String, Integer> nodes, boolean strict) {
    public NodeAffinity {
        nodes = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(nodes));
    }
}
