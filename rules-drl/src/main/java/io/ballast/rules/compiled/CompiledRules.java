package io.ballast.rules.compiled;

import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What placement uses per resource after checks and transforms (spec §4.3–4.4): the
 * "Compiled Config" of the conformance kit. Maps are keyed by sid; partner sets are symmetric.
 */
public record CompiledRules(SortedMap<String, NodeAffinity> nodeAffinity,
                            SortedMap<String, SortedSet<String>> positive,
                            SortedMap<String, SortedSet<String>> negative,
                            SortedMap<String, SortedMap<String, String>> negativeRules) {

    public static final CompiledRules EMPTY =
            new CompiledRules(new java.util.TreeMap<>(), new java.util.TreeMap<>(), new java.util.TreeMap<>());

    /** Without rule ids for the keep-separate pairs (explanations then name no rule). */
    public CompiledRules(SortedMap<String, NodeAffinity> nodeAffinity, SortedMap<String, SortedSet<String>> positive,
                         SortedMap<String, SortedSet<String>> negative) {
        this(nodeAffinity, positive, negative, new java.util.TreeMap<>());
    }

    /** Every keep-separate partner of {@code sid} → the rule that keeps them apart ("keep-separate" when unknown). */
    public SortedMap<String, String> keepApart(String sid) {
        SortedMap<String, String> out = new java.util.TreeMap<>();
        for (String partner : negativePartners(sid)) {
            String rule = negativeRuleOf(sid, partner);
            out.put(partner, rule == null ? "keep-separate" : rule);
        }
        return out;
    }

    /** The keep-separate rule that keeps {@code a} apart from {@code b}, or null when unknown. */
    public String negativeRuleOf(String a, String b) {
        SortedMap<String, String> rules = negativeRules.get(a);
        return rules == null ? null : rules.get(b);
    }

    public NodeAffinity nodeAffinityOf(String sid) {
        return nodeAffinity.get(sid);
    }

    public Set<String> positivePartners(String sid) {
        return positive.getOrDefault(sid, new TreeSet<>());
    }

    public Set<String> negativePartners(String sid) {
        return negative.getOrDefault(sid, new TreeSet<>());
    }

    public static Map<String, SortedSet<String>> empty() {
        return Map.of();
    }
}
