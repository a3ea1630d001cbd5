package io.ballast.rules.facts;

/** A cluster node (any state); node-affinity rules may only list these. */
public record ClusterNode(String name) {
}
