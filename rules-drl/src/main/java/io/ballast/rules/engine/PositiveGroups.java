package io.ballast.rules.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import io.ballast.rules.config.ResourceAffinityRule;

/** Connected positive rules (sharing a resource, transitively) merged into keep-together groups (spec §4.4.1). */
public final class PositiveGroups {

    /** A merged group: its rules in input order and the union of their resources. */
    public record Group(List<ResourceAffinityRule> rules, SortedSet<String> resources) {
        /** Group key: the first rule's id (stable for the same input). */
        public String key() {
            return rules.get(0).id();
        }
    }

    private PositiveGroups() {
    }

    /** @param positives positive rules in file order */
    public static List<Group> of(List<ResourceAffinityRule> positives) {
        List<List<ResourceAffinityRule>> ruleSets = new ArrayList<>();
        List<SortedSet<String>> resourceSets = new ArrayList<>();
        for (ResourceAffinityRule rule : positives) {
            List<ResourceAffinityRule> rules = new ArrayList<>(List.of(rule));
            SortedSet<String> resources = new TreeSet<>(rule.resources());
            // absorb every existing group touching this rule (keeps the earliest group's position)
            for (int i = ruleSets.size() - 1; i >= 0; i--) {
                if (resourceSets.get(i).stream().anyMatch(resources::contains)) {
                    rules.addAll(0, ruleSets.remove(i));
                    resources.addAll(resourceSets.remove(i));
                }
            }
            ruleSets.add(rules);
            resourceSets.add(resources);
        }
        Map<Integer, Group> byFirstOrder = new TreeMap<>();
        for (int i = 0; i < ruleSets.size(); i++) {
            List<ResourceAffinityRule> rules = new ArrayList<>(ruleSets.get(i));
            rules.sort(java.util.Comparator.comparingInt(ResourceAffinityRule::order)
                    .thenComparing(ResourceAffinityRule::id));
            byFirstOrder.put(i, new Group(List.copyOf(rules), resourceSets.get(i)));
        }
        return List.copyOf(byFirstOrder.values());
    }
}
