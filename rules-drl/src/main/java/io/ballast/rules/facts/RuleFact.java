package io.ballast.rules.facts;

/**
 * One enabled configured rule as seen by the validation DRL.
 *
 * @param id               rule id
 * @param kind             "node", "positive" or "negative"
 * @param size             number of resources
 * @param priorityClasses  distinct priorities among the listed nodes (node rules only, else 0)
 * @param nodeCount        listed nodes (node rules only, else 0)
 * @param strict           strict node affinity
 */
public record RuleFact(String id, String kind, int size, int priorityClasses, int nodeCount, boolean strict) {
}
