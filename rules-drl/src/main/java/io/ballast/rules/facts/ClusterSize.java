package io.ballast.rules.facts;

/** Number of cluster nodes (feasibility check 3). */
public record ClusterSize(int nodes) {
}
