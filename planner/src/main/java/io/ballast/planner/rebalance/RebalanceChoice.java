package io.ballast.planner.rebalance;

/** The one bundle move automatic rebalancing proposes this round, with the imbalance it expects. */
public record RebalanceChoice(String leader, String source, String target, double imbalanceBefore,
                              double imbalanceAfter) {
}
