package io.ballast.rules.facts;

/** Resource {@code sid} is listed by rule {@code ruleId} of kind "node", "positive" or "negative". */
public record Membership(String ruleId, String kind, String sid) {
}
