package io.ballast.rules.facts;

/** Derived: a lint finding that keeps the rule (code e.g. "single-node-strict"). */
public record Warning(String ruleId, String code, String message) {
}
