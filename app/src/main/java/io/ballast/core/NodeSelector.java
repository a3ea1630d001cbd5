package io.ballast.core;

import io.ballast.rules.compiled.CompiledRules;
import io.ballast.rules.compiled.NodeAffinity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/** {@code select_service_node} exactly as spec §3.1 describes Proxmox 5.2. */
final class NodeSelector {

    /** Spec §3.1 preferences. */
    enum Preference { NONE, BEST_SCORE, TRY_NEXT }

    private final CompiledRules rules;
    private final Map<String, ServiceEntry> ss;
    private final ServiceUsage usage;

    NodeSelector(CompiledRules rules, Map<String, ServiceEntry> ss, ServiceUsage usage) {
        this.rules = rules;
        this.ss = ss;
        this.usage = usage;
    }

    /** The selected node, or null when no node qualifies. */
    String select(String sid, boolean failback, Preference preference) {
        ServiceEntry sd = ss.get(sid);
        String current = sd.node;
        Set<String> online = usage.online();

        // Steps 1-2: online nodes, then node affinity (allowed = rule nodes online; preferred = top class).
        Set<String> allowed = new TreeSet<>();
        Set<String> preferred = new TreeSet<>();
        NodeAffinity affinity = rules.nodeAffinityOf(sid);
        if (affinity == null) {
            allowed.addAll(online);
            preferred.addAll(online);
        } else {
            Integer top = null;
            for (Map.Entry<String, Integer> e : affinity.nodes().entrySet()) {
                if (online.contains(e.getKey())) {
                    allowed.add(e.getKey());
                    top = top == null ? e.getValue() : Math.max(top, e.getValue());
                }
            }
            for (Map.Entry<String, Integer> e : affinity.nodes().entrySet()) {
                if (online.contains(e.getKey()) && e.getValue().equals(top)) {
                    preferred.add(e.getKey());
                }
            }
        }
        if (preferred.isEmpty()) {
            return null;
        }

        // Step 4: where positive partners are (count) and negative partners are or go.
        SortedMap<String, Integer> together = new TreeMap<>();
        for (String partner : rules.positivePartners(sid)) {
            List<String> used = usedNodes(partner, online);
            if (!used.isEmpty()) {
                // a moving partner counts only where it is heading
                together.merge(used.get(used.size() - 1), 1, Integer::sum);
            }
        }
        Set<String> separate = new TreeSet<>();
        for (String partner : rules.negativePartners(sid)) {
            separate.addAll(usedNodes(partner, online));
        }

        // Step 5: stickiness without failback.
        if (preference == Preference.NONE && !failback && allowed.contains(current)
                && (together.getOrDefault(current, 0) > 0 || !separate.contains(current))) {
            return current;
        }
        // Step 6.
        if (preference == Preference.TRY_NEXT && sd.failedNodes != null) {
            sd.failedNodes.forEach(preferred::remove);
        }
        // Step 7.
        preferred.removeAll(separate);
        // Step 8: the node hosting most positive partners (ties alphabetical).
        together.keySet().retainAll(preferred);
        if (!together.isEmpty()) {
            String majority = together.entrySet().stream()
                    .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()
                            .thenComparing(Map.Entry.comparingByKey()))
                    .findFirst().orElseThrow().getKey();
            preferred.retainAll(Set.of(majority));
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

    private List<String> usedNodes(String sid, Set<String> online) {
        ServiceEntry e = ss.get(sid);
        List<String> nodes = new ArrayList<>();
        if (e == null) {
            return nodes;
        }
        for (String n : ServiceUsage.usedNodes(online, e.state, e.node, e.target)) {
            if (n != null) {
                nodes.add(n);
            }
        }
        return nodes;
    }
}
