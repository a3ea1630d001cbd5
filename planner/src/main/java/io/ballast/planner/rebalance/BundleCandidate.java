package io.ballast.planner.rebalance;

import io.ballast.planner.usage.ResourceStats;
import java.util.List;
import java.util.Map;

/**
 * An active stationary bundle (spec §5) that automatic rebalancing may move.
 *
 * @param leader  alphabetically first started member; the move is queued for it
 * @param members started members (leader included), sorted
 * @param source  node all members run on
 * @param targets allowed targets (top node-affinity class, minus negative partners' nodes, minus source), sorted
 * @param stats   size of each member
 */
public record BundleCandidate(String leader, List<String> members, String source, List<String> targets,
                              Map<String, ResourceStats> stats) {
}
