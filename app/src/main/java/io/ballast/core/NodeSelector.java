package io.ballast.core;

import io.ballast.rules.compiled.CompiledRules;
import io.ballast.rules.placement.Verdict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Chooses a node for one resource (spec §3.1 steps 5 and 8-12, §10.4 S2-S5): which nodes it may use, the priority
 * class and the nodes it does not retry come from the placement policy ({@link RoundPolicy}, the DRL rules); this
 * class only orders the survivors (stay, follow the keep-together group, return from maintenance, lowest score).
 */
final class NodeSelector {

    /** Spec §3.1 preferences. */
    enum Preference { NONE, BEST_SCORE, TRY_NEXT }

    private final CompiledRules rules;
    private final Map<String, ServiceEntry> ss;
    private final ServiceUsage usage;
    private final RoundPolicy policy;

    NodeSelector(CompiledRules rules, Map<String, ServiceEntry> ss, ServiceUsage usage, RoundPolicy policy) {
        this.rules = rules;
        this.ss = ss;
        this.usage = usage;
        this.policy = policy;
    }

    /** The policy's verdict as the selection for {@code preference} asks it (H7 only while retrying). */
    Verdict verdict(String sid, Preference preference) {
        ServiceEntry sd = ss.get(sid);
        return policy.verdict(sid, preference == Preference.TRY_NEXT || evacuatingAfterFailures(sd));
    }

    /** Ballast (spec §7.1): failed evacuation targets are not planned again while the node drains. */
    private boolean evacuatingAfterFailures(ServiceEntry sd) {
        return sd.failedNodes != null && !sd.failedNodes.isEmpty() && !usage.online().contains(sd.node)
                && sd.maintenanceNode != null && sd.maintenanceNode.equals(sd.node);
    }

    /** The selected node, or null when no node qualifies. */
    String select(String sid, Preference preference) {
        ServiceEntry sd = ss.get(sid);
        String current = sd.node;
        Verdict verdict = verdict(sid, preference);
        boolean failback = verdict.failsBack();

        // H5: where the keep-together partners count, from the policy (a moving partner where it is heading)
        SortedMap<String, Integer> together = new TreeMap<>(verdict.together());
        Set<String> allowed = verdict.allowed().keySet();
        Set<String> preferred = new TreeSet<>(verdict.preferred());
        if (allowed.isEmpty()) {
            return null;
        }
        // Step 5 (S3): stickiness without failback. Ballast (spec §10.3): keep-together is enforced without
        // failback too, so a split group member stays only on the node hosting most of its group.
        if (preference == Preference.NONE && !failback && allowed.contains(current)
                && (together.isEmpty() || current.equals(groupMajority(sid, together, current)))) {
            return current;
        }
        if (preferred.isEmpty()) {
            return null;
        }
        // Ballast (spec §10.1, S2): a keep-together group returns to its maintenance node as a whole. The first
        // member leads; the others follow it through step 8. 5.2 lets step 8 keep each member with the
        // partners at the evacuation node, so the group never returns.
        if (failback && sd.maintenanceNode != null && preferred.contains(sd.maintenanceNode)
                && !together.isEmpty() && groupReturns(sid, sd.maintenanceNode)) {
            return sd.maintenanceNode;
        }
        // Step 8: the node hosting most positive partners (ties alphabetical).
        together.keySet().retainAll(preferred);
        if (!together.isEmpty()) {
            preferred.retainAll(Set.of(mostMembers(sid, together)));
        }
        // Step 9.
        if (sd.maintenanceNode != null && preferred.contains(sd.maintenanceNode)) {
            return sd.maintenanceNode;
        }
        // Step 10.
        if (preference == Preference.NONE && preferred.contains(current)) {
            return current;
        }
        // Steps 11-12.
        Map<String, Double> scores = usage.score(sid, new ArrayList<>(preferred));
        List<String> ordered = new ArrayList<>(preferred);
        ordered.sort(Comparator.<String>comparingDouble(n -> scores.getOrDefault(n, 0.0))
                .thenComparing(Comparator.naturalOrder()));
        if (ordered.isEmpty()) {
            return null;
        }
        if (preference == Preference.TRY_NEXT) {
            int found = ordered.indexOf(current);
            return found >= 0 && found < ordered.size() - 1 ? ordered.get(found + 1) : ordered.get(0);
        }
        return ordered.get(0);
    }

    /**
     * The nodes a recovery or a batch plan of {@code sid} may use, with their priority: the policy's preferred
     * class (spec §10.4 H1-H7, S1).
     */
    Map<String, Integer> bestClass(String sid) {
        return verdict(sid, Preference.BEST_SCORE).preferredWithPriority();
    }

    /** Every partner wants back to the same maintenance node (or already heads there) with failback on. */
    private boolean groupReturns(String sid, String maintenanceNode) {
        for (String partner : rules.positivePartners(sid)) {
            ServiceEntry p = ss.get(partner);
            if (p == null) {
                continue;
            }
            boolean headsThere = maintenanceNode.equals(p.target) || maintenanceNode.equals(p.node);
            if (!headsThere && (!maintenanceNode.equals(p.maintenanceNode) || !policy.verdict(partner).failsBack())) {
                return false;
            }
        }
        return true;
    }

    /** The node hosting most of the group, {@code sid} itself counted on {@code current}. */
    private String groupMajority(String sid, SortedMap<String, Integer> together, String current) {
        SortedMap<String, Integer> counts = new TreeMap<>(together);
        counts.merge(current, 1, Integer::sum);
        return mostMembers(sid, counts);
    }

    /**
     * The node with the most group members (spec §10.4 H5). On a tie: a node where a member with failback off runs
     * (it asked to stay), then the lower usage score, then the node name.
     */
    private String mostMembers(String sid, SortedMap<String, Integer> counts) {
        int most = counts.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
        List<String> tied = counts.entrySet().stream().filter(e -> e.getValue() == most).map(Map.Entry::getKey).toList();
        if (tied.size() == 1) {
            return tied.get(0);
        }
        Set<String> staying = new TreeSet<>();
        Set<String> group = new TreeSet<>(rules.positivePartners(sid));
        group.add(sid);
        for (String member : group) {
            ServiceEntry e = ss.get(member);
            if (e != null && e.state == ServiceState.STARTED && tied.contains(e.node)
                    && !policy.verdict(member).failsBack()) {
                staying.add(e.node);
            }
        }
        Map<String, Double> scores = usage.score(sid, tied);
        return tied.stream().sorted(Comparator.<String, Boolean>comparing(n -> !staying.contains(n))
                .thenComparingDouble(n -> scores.getOrDefault(n, 0.0))
                .thenComparing(Comparator.naturalOrder())).findFirst().orElseThrow();
    }
}
