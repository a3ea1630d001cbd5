package io.ballast.rules.facts;

/** A configured HA resource; rules may only reference these. */
public record HaResource(String sid) {
}
