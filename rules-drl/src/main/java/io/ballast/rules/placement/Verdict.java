package io.ballast.rules.placement;

import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the placement policy decided for one unit: the nodes it may use, the class it is placed in, the nodes it
 * does not try again, why every other node is excluded, and whether it must leave its current node.
 *
 * @param allowed        nodes passing every hard filter → the unit's priority there (0 without node affinity)
 * @param preferredClass the class S1 chose among {@code allowed}, null when nothing is allowed
 * @param notRetried     nodes of that class H7 leaves out while the unit retries
 * @param excluded       every node the unit may not use → why (filter, reason, configured rule)
 * @param failsBack      the unit leaves an allowed node outside its class (the DRL decides, from failback)
 * @param mustMove       why it has to leave its current node (empty: it may stay)
 * @param returnTarget   the maintenance node it returns to (S2), or null
 * @param blocked        why it cannot leave a node it may not use, or null
 * @param policyRules    the DRL rules whose conclusions about this unit the verdict holds (node-wide ones aside)
 * @param together       H5: node → how many of its keep-together partners count there
 */
public record Verdict(String unit, String current, SortedMap<String, Integer> allowed, Integer preferredClass,
                      SortedSet<String> notRetried, SortedMap<String, List<Exclusion>> excluded, boolean failsBack,
                      List<String> mustMove, String returnTarget, String blocked, List<String> policyRules,
                      SortedMap<String, Integer> together) {

    /**
     * One reason a node is excluded.
     *
     * @param rule       the configured rule behind it, or null
     * @param cause      the resource that causes it (a keep-separate partner), or null
     * @param policyRule the DRL rule that derived it
     */
    public record Exclusion(String filter, String reason, String rule, String cause, String policyRule) {
        @Override
        public String toString() {
            return io.ballast.rules.facts.PlacementFactsDrl.describe(filter, reason);
        }
    }

    /** The allowed nodes of the chosen class that are tried (S1 after H1–H6, then H7). */
    public SortedSet<String> preferred() {
        SortedSet<String> out = new TreeSet<>();
        if (preferredClass != null) {
            allowed.forEach((node, priority) -> {
                if (priority.intValue() == preferredClass && !notRetried.contains(node)) {
                    out.add(node);
                }
            });
        }
        return out;
    }

    /** {@link #preferred()} with each node's priority. */
    public SortedMap<String, Integer> preferredWithPriority() {
        SortedMap<String, Integer> out = new TreeMap<>();
        preferred().forEach(n -> out.put(n, allowed.get(n)));
        return out;
    }

    /** Nodes a filter excludes ({@code "H4"}, {@code "rule"}, ...). */
    public SortedSet<String> excludedBy(String filter) {
        SortedSet<String> out = new TreeSet<>();
        excluded.forEach((node, why) -> {
            if (why.stream().anyMatch(e -> e.filter().equals(filter))) {
                out.add(node);
            }
        });
        return out;
    }

    /** The configured rules behind the reasons against {@code node}, and the DRL rules that derived them. */
    public java.util.SortedSet<String> rulesAgainst(String node) {
        java.util.SortedSet<String> out = new TreeSet<>();
        for (Exclusion e : excluded.getOrDefault(node, List.of())) {
            if (e.rule() != null) {
                out.add(e.rule());
            }
        }
        return out;
    }

    /** The reasons one filter gives against {@code node} ({@code "rule"}: a rule author's own, as written). */
    public List<String> reasonsAgainst(String node, String filter) {
        return excluded.getOrDefault(node, List.of()).stream().filter(e -> e.filter().equals(filter))
                .map(Exclusion::toString).toList();
    }

    /** Every reason against {@code node} as text ("H2: node is in maintenance"), empty when it is allowed. */
    public List<String> reasonsAgainst(String node) {
        return excluded.getOrDefault(node, List.of()).stream().map(Exclusion::toString).toList();
    }
}
