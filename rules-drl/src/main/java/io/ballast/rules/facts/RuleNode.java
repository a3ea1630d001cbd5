package io.ballast.rules.facts;

/** Node-affinity rule {@code ruleId} lists {@code node}. */
public record RuleNode(String ruleId, String node) {
}
