package io.ballast.rule;

import java.util.Map;

/**
 * A rule as listed: its configuration plus the validation outcome.
 *
 * @param errors   failed feasibility check → reason (empty when the rule is kept)
 * @param warnings lint code → message (the rule is kept)
 * @param state    enabled, disabled, or "ignored (conflicts)" when validation drops it
 */
public record RuleView(RuleConfig config, Map<String, String> errors, Map<String, String> warnings, String state) {
}
