package io.ballast.planner.plan;

/** Soft weights of a solve (a problem fact so constraints read it). */
public record PlanWeights(long migrationCost) {
}
