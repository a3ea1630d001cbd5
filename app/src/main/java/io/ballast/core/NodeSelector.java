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
    private final java.util.function.Predicate<String> failbackOf;
    private final Map<String, Map<String, String>> vetoes;

    NodeSelector(CompiledRules rules, Map<String, ServiceEntry> ss, ServiceUsage usage,
                 java.util.function.Predicate<String> failbackOf) {
        this(rules, ss, usage, failbackOf, Map.of());
    }

    NodeSelector(CompiledRules rules, Map<String, ServiceEntry> ss, ServiceUsage usage,
                 java.util.function.Predicate<String> failbackOf, Map<String, Map<String, String>> vetoes) {
        this.rules = rules;
        this.ss = ss;
        this.usage = usage;
        this.failbackOf = failbackOf;
        this.vetoes = vetoes;
    }

    /** Online nodes the resource may use: vetoed nodes are left out like nodes outside a strict rule. */
    private Set<String> usable(String sid, Set<String> online) {
        Map<String, String> vetoed = vetoes.get(sid);
        if (vetoed == null || vetoed.isEmpty()) {
            return online;
        }
        Set<String> out = new TreeSet<>(online);
        out.removeAll(vetoed.keySet());
        return out;
    }

    /** The selected node, or null when no node qualifies. */
    String select(String sid, boolean failback, Preference preference) {
        ServiceEntry sd = ss.get(sid);
        String current = sd.node;
        Set<String> online = usage.online();

        // Step 4 first (spec §10.4): where positive partners are (count) and negative partners are or go, so the
        // priority class can be chosen among the nodes that survive the hard filters.
        SortedMap<String, Integer> together = new TreeMap<>();
        for (String partner : rules.positivePartners(sid)) {
            List<String> used = usedNodes(partner, online);
            if (!used.isEmpty()) {
                // a moving partner counts only where it is heading
                together.merge(used.get(used.size() - 1), 1, Integer::sum);
            }
        }
        Set<String> separate = new TreeSet<>();
        // spec §10.3: for staying on the current node, a partner already migrating away from it does not count
        Set<String> blocksStaying = new TreeSet<>();
        for (String partner : rules.negativePartners(sid)) {
            List<String> used = usedNodes(partner, online);
            separate.addAll(used);
            ServiceEntry p = ss.get(partner);
            boolean leaving = p != null && (p.state == ServiceState.MIGRATE || p.state == ServiceState.RELOCATE)
                    && p.target != null && !p.target.equals(p.node);
            for (String n : used) {
                if (!(leaving && n.equals(p.node))) {
                    blocksStaying.add(n);
                }
            }
        }

        // Failed nodes are excluded on try-next (5.2) and, in Ballast, while evacuating a maintenance node
        // (spec §7.1: failed evacuation targets are not planned again).
        boolean evacuating = sd.failedNodes != null && !sd.failedNodes.isEmpty() && !online.contains(current)
                && sd.maintenanceNode != null && sd.maintenanceNode.equals(current);
        boolean excludesFailed = preference == Preference.TRY_NEXT || evacuating;
        // Steps 1-2: online nodes, then node affinity (allowed = rule nodes online; preferred = top class).
        Set<String> allowed = new TreeSet<>();
        Set<String> preferred = new TreeSet<>();
        Set<String> usable = usable(sid, online);
        NodeAffinity affinity = rules.nodeAffinityOf(sid);
        if (affinity == null) {
            allowed.addAll(usable);
            preferred.addAll(usable);
        } else {
            Map<String, Integer> priorities = new TreeMap<>();
            affinity.nodes().forEach((node, prio) -> {
                if (usable.contains(node)) {
                    priorities.put(node, prio);
                }
            });
            allowed.addAll(priorities.keySet());
            Integer top = topClass(priorities, separate, excludesFailed ? sd.failedNodes : null);
            for (Map.Entry<String, Integer> e : priorities.entrySet()) {
                if (e.getValue().equals(top)) {
                    preferred.add(e.getKey());
                }
            }
        }
        if (preferred.isEmpty()) {
            return null;
        }

        // Step 5: stickiness without failback.
        // Ballast (spec §10.3): keep-together is enforced without failback too, so a split group member stays
        // only on the node hosting most of its group (itself included, ties by node name).
        if (preference == Preference.NONE && !failback && allowed.contains(current)
                && (together.isEmpty() || current.equals(groupMajority(together, current)))
                && (together.getOrDefault(current, 0) > 0 || !blocksStaying.contains(current))) {
            return current;
        }
        // Step 6.
        if (excludesFailed && sd.failedNodes != null) {
            sd.failedNodes.forEach(preferred::remove);
        }
        // Step 7 (the current node stays a candidate if only leaving partners occupied it).
        boolean currentStays = preference == Preference.NONE && preferred.contains(current)
                && !blocksStaying.contains(current);
        preferred.removeAll(separate);
        if (currentStays) {
            preferred.add(current);
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

    /**
     * Ballast's precedence (spec §10.4, fixes §10.2): the highest priority class among the nodes that pass the hard
     * filters (negative affinity, failed nodes on try-next). Proxmox 5.2 fixes the class before those filters, so a
     * blocked top class leaves the resource without a node although a lower class would do. When no node passes,
     * the class is the 5.2 one and the later steps find nothing (or retry the failed nodes, as 5.2 does).
     */
    private static Integer topClass(Map<String, Integer> priorities, Set<String> separate, java.util.Collection<String> failed) {
        Integer all = null;
        Integer survivors = null;
        for (Map.Entry<String, Integer> e : priorities.entrySet()) {
            all = all == null ? e.getValue() : Math.max(all, e.getValue());
            if (!separate.contains(e.getKey()) && (failed == null || !failed.contains(e.getKey()))) {
                survivors = survivors == null ? e.getValue() : Math.max(survivors, e.getValue());
            }
        }
        return survivors != null ? survivors : all;
    }

    /**
     * The nodes a recovery of {@code sid} may use, with their priority: online, allowed by node affinity, free of
     * keep-separate partners, and in the best priority class among those (spec §10.4 H1-H4, S1).
     */
    Map<String, Integer> bestClass(String sid) {
        Set<String> online = usage.online();
        Set<String> separate = new TreeSet<>();
        for (String partner : rules.negativePartners(sid)) {
            separate.addAll(usedNodes(partner, online));
        }
        Map<String, Integer> priorities = new TreeMap<>();
        Set<String> usable = usable(sid, online);
        NodeAffinity affinity = rules.nodeAffinityOf(sid);
        if (affinity == null) {
            usable.forEach(n -> priorities.put(n, 0));
        } else {
            affinity.nodes().forEach((n, p) -> {
                if (usable.contains(n)) {
                    priorities.put(n, p);
                }
            });
        }
        priorities.keySet().removeAll(separate);
        int top = priorities.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        priorities.values().removeIf(p -> p != top);
        return priorities;
    }

    /** Every partner wants back to the same maintenance node (or already heads there) with failback on. */
    private boolean groupReturns(String sid, String maintenanceNode) {
        for (String partner : rules.positivePartners(sid)) {
            ServiceEntry p = ss.get(partner);
            if (p == null) {
                continue;
            }
            boolean headsThere = maintenanceNode.equals(p.target) || maintenanceNode.equals(p.node);
            if (!headsThere && (!maintenanceNode.equals(p.maintenanceNode) || !failbackOf.test(partner))) {
                return false;
            }
        }
        return true;
    }

    private static String groupMajority(SortedMap<String, Integer> together, String current) {
        SortedMap<String, Integer> counts = new TreeMap<>(together);
        counts.merge(current, 1, Integer::sum);
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .findFirst().orElseThrow().getKey();
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
