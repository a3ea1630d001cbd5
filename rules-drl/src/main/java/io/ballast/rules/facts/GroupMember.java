package io.ballast.rules.facts;

/**
 * Positive rule {@code ruleId} belongs to the merged keep-together group {@code group} (connected
 * positive rules, spec §4.4.1), whose resources are given by {@link GroupResource} facts.
 */
public record GroupMember(String group, String ruleId) {
}
