package io.ballast.planner.plan;

import ai.timefold.solver.core.api.score.stream.ConstraintJustification;

/** Why a constraint matched: the unit (or node) concerned and a readable detail. */
public record PlanJustification(String subject, String detail) implements ConstraintJustification {
}
