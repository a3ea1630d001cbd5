package io.ballast.core;

import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Legacy HA group (spec §4.6): treated every round as node-affinity rule {@code ha-group-<name>}.
 *
 * @param nodes      node → priority
 * @param restricted strict rule
 * @param nofailback sets failback = 0 on members
 */
public record HaGroup(String name, SortedMap<String, Integer> nodes, boolean restricted, boolean nofailback) {
    public HaGroup {
        nodes = new TreeMap<>(nodes);
    }
}
