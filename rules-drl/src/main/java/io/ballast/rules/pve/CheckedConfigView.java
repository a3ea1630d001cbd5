package io.ballast.rules.pve;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import io.ballast.rules.config.Affinity;
import io.ballast.rules.config.NodeAffinityRule;
import io.ballast.rules.config.ResourceAffinityRule;
import io.ballast.rules.config.RuleSet;

/**
 * The "--- Config ---" section of the conformance kit (FORMAT.md §7): the rules that survived the checks,
 * after the §4.4 transforms rewrote them the way Proxmox's checker does:
 * <ol>
 * <li>connected keep-together rules become one {@code _merged-<ids in merge order>} rule that takes the
 * smallest ordinal of the rules it replaces;</li>
 * <li>a keep-together rule that shares a resource with a keep-separate rule yields one
 * {@code _implicit-negative-<positive rule>-<member>-<partner>} rule per member and partner, ordinal
 * "smallest existing + 1" (Proxmox's formula, duplicates included: the ordinal only sorts listings);</li>
 * <li>a node-affinity rule that names a member of a keep-together rule gains all of that rule's members.</li>
 * </ol>
 * The compiled relations the manager uses come from the rule checker, not from this view.
 */
public final class CheckedConfigView {

    private CheckedConfigView() {
    }

    /** A rule of the view: type, resources, ordinal and its remaining properties in Proxmox's key names. */
    private record Entry(String id, String type, SortedSet<String> resources, int order, Map<String, Object> props) {
    }

    /**
     * @param kept    rules that survived the checks (disabled ones included, they are listed untouched)
     * @param written rule id → property keys the file sets explicitly ({@link RulesCfgParser#writtenKeys})
     * @param digest  SHA-1 hex of the raw file
     */
    public static Map<String, Object> of(RuleSet kept, Map<String, Set<String>> written, String digest) {
        Map<String, Entry> rules = new LinkedHashMap<>();
        for (NodeAffinityRule r : kept.nodeAffinity()) {
            Map<String, Object> props = common(r.id(), r.disabled(), r.comment(), written);
            Map<String, Object> nodes = new TreeMap<>();
            r.nodes().forEach((n, p) -> nodes.put(n, Map.of("priority", p)));
            props.put("nodes", nodes);
            if (r.strict() || written.getOrDefault(r.id(), Set.of()).contains("strict")) {
                props.put("strict", r.strict() ? 1 : 0);
            }
            rules.put(r.id(), new Entry(r.id(), "node-affinity", new TreeSet<>(r.resources()), r.order(), props));
        }
        for (ResourceAffinityRule r : kept.resourceAffinity()) {
            Map<String, Object> props = common(r.id(), r.disabled(), r.comment(), written);
            props.put("affinity", r.affinity().key());
            rules.put(r.id(), new Entry(r.id(), "resource-affinity", new TreeSet<>(r.resources()), r.order(), props));
        }
        List<ResourceAffinityRule> positives = kept.resourceAffinity().stream()
                .filter(r -> !r.disabled() && r.affinity() == Affinity.POSITIVE)
                .sorted(java.util.Comparator.comparingInt(ResourceAffinityRule::order)).toList();
        List<Entry> groups = merge(positives, rules);
        addImplicitNegatives(groups, kept, rules);
        inheritNodeAffinity(groups, kept, rules);

        Map<String, Object> ids = new TreeMap<>();
        Map<String, Object> order = new TreeMap<>();
        for (Entry e : rules.values()) {
            Map<String, Object> rule = new TreeMap<>(e.props());
            rule.put("type", e.type());
            Map<String, Object> resources = new TreeMap<>();
            e.resources().forEach(s -> resources.put(s, 1));
            rule.put("resources", resources);
            ids.put(e.id(), rule);
            order.put(e.id(), e.order());
        }
        Map<String, Object> root = new TreeMap<>();
        root.put("digest", digest);
        root.put("ids", ids);
        root.put("order", order);
        return root;
    }

    private static Map<String, Object> common(String id, boolean disabled, String comment,
                                              Map<String, Set<String>> written) {
        Map<String, Object> props = new TreeMap<>();
        if (disabled || written.getOrDefault(id, Set.of()).contains("disable")) {
            props.put("disable", disabled ? 1 : 0);
        }
        if (comment != null) {
            props.put("comment", comment);
        }
        return props;
    }

    /**
     * Step 1. Merge order: starting from the first rule of a connected set (by ordinal), rules are taken in
     * breadth-first order over "shares a resource", ties by ordinal. Returns every keep-together rule as it
     * stands after merging.
     */
    private static List<Entry> merge(List<ResourceAffinityRule> positives, Map<String, Entry> rules) {
        List<Entry> out = new ArrayList<>();
        Set<String> done = new TreeSet<>();
        for (ResourceAffinityRule start : positives) {
            if (done.contains(start.id())) {
                continue;
            }
            List<ResourceAffinityRule> component = new ArrayList<>(List.of(start));
            done.add(start.id());
            for (int i = 0; i < component.size(); i++) {
                ResourceAffinityRule at = component.get(i);
                for (ResourceAffinityRule next : positives) {
                    if (!done.contains(next.id()) && next.resources().stream().anyMatch(at.resources()::contains)) {
                        component.add(next);
                        done.add(next.id());
                    }
                }
            }
            if (component.size() == 1) {
                out.add(rules.get(start.id()));
                continue;
            }
            SortedSet<String> resources = new TreeSet<>();
            int order = Integer.MAX_VALUE;
            List<String> names = new ArrayList<>();
            for (ResourceAffinityRule r : component) {
                resources.addAll(r.resources());
                order = Math.min(order, r.order());
                names.add(r.id());
                rules.remove(r.id());
            }
            Map<String, Object> props = new TreeMap<>();
            props.put("affinity", Affinity.POSITIVE.key());
            Entry merged = new Entry("_merged-" + String.join("-", names), "resource-affinity", resources, order, props);
            rules.put(merged.id(), merged);
            out.add(merged);
        }
        return out;
    }

    /** Step 2. */
    private static void addImplicitNegatives(List<Entry> groups, RuleSet kept, Map<String, Entry> rules) {
        List<ResourceAffinityRule> negatives = kept.resourceAffinity().stream()
                .filter(r -> !r.disabled() && r.affinity() == Affinity.NEGATIVE)
                .sorted(java.util.Comparator.comparingInt(ResourceAffinityRule::order)).toList();
        for (Entry group : groups) {
            for (ResourceAffinityRule negative : negatives) {
                if (negative.resources().stream().noneMatch(group.resources()::contains)) {
                    continue;
                }
                for (String member : group.resources()) {
                    if (negative.resources().contains(member)) {
                        continue;
                    }
                    for (String partner : negative.resources()) {
                        if (group.resources().contains(partner)) {
                            continue;
                        }
                        String id = "_implicit-negative-" + group.id() + "-" + member + "-" + partner;
                        int smallest = rules.values().stream().mapToInt(Entry::order).min().orElse(0);
                        Map<String, Object> props = new TreeMap<>();
                        props.put("affinity", Affinity.NEGATIVE.key());
                        rules.putIfAbsent(id, new Entry(id, "resource-affinity",
                                new TreeSet<>(List.of(member, partner)), smallest + 1, props));
                    }
                }
            }
        }
    }

    /** Step 3. */
    private static void inheritNodeAffinity(List<Entry> groups, RuleSet kept, Map<String, Entry> rules) {
        for (NodeAffinityRule r : kept.nodeAffinity()) {
            if (r.disabled()) {
                continue;
            }
            Entry entry = rules.get(r.id());
            for (Entry group : groups) {
                if (group.resources().stream().anyMatch(r.resources()::contains)) {
                    entry.resources().addAll(group.resources());
                }
            }
        }
    }
}
