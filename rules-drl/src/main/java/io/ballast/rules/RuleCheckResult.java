package io.ballast.rules;

import io.ballast.rules.compiled.CompiledRules;
import io.ballast.rules.config.RuleSet;
import java.util.List;

/**
 * @param kept     rules that survived the checks (dropped ones removed), defaults filled
 * @param dropped  dropped rules with their reasons, in check order
 * @param warnings lint findings that do not drop a rule
 * @param compiled per-resource compiled view used by placement
 */
public record RuleCheckResult(RuleSet kept, List<DroppedRule> dropped, List<RuleWarning> warnings,
                              CompiledRules compiled) {
    /** A rule dropped by a feasibility check, e.g. reason "resource 'vm:101' is already used in another node affinity rule". */
    public record DroppedRule(String ruleId, String check, String reason) {
    }

    /** A finding that keeps the rule but deserves the operator's attention. */
    public record RuleWarning(String ruleId, String code, String message) {
    }
}
