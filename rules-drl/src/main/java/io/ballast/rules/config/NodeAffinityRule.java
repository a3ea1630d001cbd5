package io.ballast.rules.config;

import java.util.List;
import java.util.SortedMap;

/**
 * A {@code node-affinity} rule as configured (spec §4.1).
 *
 * @param id        rule id
 * @param resources sids, sorted
 * @param nodes     node → priority (≥ 0, default 0)
 * @param strict    only the listed nodes (true) or a preference (false, default)
 * @param disabled  skipped by checks and compilation
 * @param comment   free text, may be null
 * @param order     ordinal in the rules file (sort key of listings)
 */
public record NodeAffinityRule(String id, List<String> resources, SortedMap<String, Integer> nodes, boolean strict,
                               boolean disabled, String comment, int order) {
    public NodeAffinityRule {
        resources = List.copyOf(resources);
        nodes = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(nodes));
    }
}
