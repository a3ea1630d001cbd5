package io.ballast.rules.config;

import java.util.List;

/** Every configured rule, in file order. */
public record RuleSet(List<NodeAffinityRule> nodeAffinity, List<ResourceAffinityRule> resourceAffinity) {
    public static final RuleSet EMPTY = new RuleSet(List.of(), List.of());

    public RuleSet {
        nodeAffinity = List.copyOf(nodeAffinity);
        resourceAffinity = List.copyOf(resourceAffinity);
    }
}
