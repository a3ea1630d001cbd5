package io.ballast.rules;

import io.ballast.rules.config.RuleSet;
import java.util.Collection;

/**
 * Rule validation (spec §4.3 feasibility checks, in order) and compilation (§4.4 transforms).
 * Implemented by DRL rules; deterministic for the same input.
 */
public interface RuleChecker {

    /**
     * @param rules        the configured rules
     * @param clusterNodes every cluster node (not only online ones)
     * @param resources    configured HA resources (rules referencing others are invalid)
     */
    RuleCheckResult check(RuleSet rules, Collection<String> clusterNodes, Collection<String> resources);

    /** The rule base whose placement rules decide where resources may go (the packaged one unless overridden). */
    default io.ballast.rules.engine.RuleBase ruleBase() {
        return RuleCheckers.packagedBase();
    }
}
