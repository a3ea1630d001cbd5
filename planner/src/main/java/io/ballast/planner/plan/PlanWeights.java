package io.ballast.planner.plan;

/**
 * Settings the constraints read (a problem fact).
 *
 * @param targetPpm imbalance the plan must reach, in millionths (0.30 = 300,000); above it every millionth
 *                  counts on the level over disruption, at or below it nothing is gained by balancing further
 */
public record PlanWeights(long targetPpm) {
}
