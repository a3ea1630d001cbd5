package io.ballast.rules.config;

import java.util.List;

/**
 * A {@code resource-affinity} rule as configured (spec §4.2).
 *
 * @param id        rule id
 * @param resources sids, sorted
 * @param affinity  positive (keep together) or negative (keep separate)
 * @param disabled  skipped by checks and compilation
 * @param comment   free text, may be null
 * @param order     ordinal in the rules file
 */
public record ResourceAffinityRule(String id, List<String> resources, Affinity affinity, boolean disabled,
                                   String comment, int order) {
    public ResourceAffinityRule {
        resources = List.copyOf(resources);
    }
}
