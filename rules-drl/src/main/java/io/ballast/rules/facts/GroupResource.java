package io.ballast.rules.facts;

/** Resource {@code sid} belongs to the merged keep-together group {@code group}. */
public record GroupResource(String group, String sid) {
}
