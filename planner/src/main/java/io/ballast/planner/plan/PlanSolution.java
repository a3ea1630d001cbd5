package io.ballast.planner.plan;

import ai.timefold.solver.core.api.domain.solution.PlanningEntityCollectionProperty;
import ai.timefold.solver.core.api.domain.solution.PlanningScore;
import ai.timefold.solver.core.api.domain.solution.PlanningSolution;
import ai.timefold.solver.core.api.domain.solution.ProblemFactCollectionProperty;
import ai.timefold.solver.core.api.domain.solution.ProblemFactProperty;
import ai.timefold.solver.core.api.domain.valuerange.ValueRangeProvider;
import ai.timefold.solver.core.api.score.buildin.bendablelong.BendableLongScore;
import java.util.List;

/**
 * Planning solution: units over nodes. Score levels, most important first (PlanConstraints): hard rules;
 * placement preference; imbalance above the target; disruption; residual imbalance.
 */
@PlanningSolution
public class PlanSolution {
    @ValueRangeProvider
    @ProblemFactCollectionProperty
    private List<PlanNode> nodes;
    @PlanningEntityCollectionProperty
    private List<PlanUnit> units;
    @ProblemFactProperty
    private PlanWeights weights;
    @PlanningScore(bendableHardLevelsSize = PlanConstraints.HARD_LEVELS, bendableSoftLevelsSize = PlanConstraints.SOFT_LEVELS)
    private BendableLongScore score;

    public PlanSolution() {
    }

    public PlanSolution(List<PlanNode> nodes, List<PlanUnit> units, PlanWeights weights) {
        this.nodes = nodes;
        this.units = units;
        this.weights = weights;
    }

    public List<PlanNode> getNodes() {
        return nodes;
    }

    public List<PlanUnit> getUnits() {
        return units;
    }

    public PlanWeights getWeights() {
        return weights;
    }

    public BendableLongScore getScore() {
        return score;
    }

    public void setScore(BendableLongScore score) {
        this.score = score;
    }
}
