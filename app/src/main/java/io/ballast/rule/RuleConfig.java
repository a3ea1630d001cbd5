package io.ballast.rule;

import io.ballast.rules.config.Affinity;
import io.ballast.rules.config.NodeAffinityRule;
import io.ballast.rules.config.ResourceAffinityRule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * One HA rule's configuration, Proxmox names. {@code nodes}/{@code strict} apply to node-affinity rules,
 * {@code affinity} to resource-affinity rules.
 */
public record RuleConfig(String id, String type, SortedSet<String> resources, SortedMap<String, Integer> nodes,
                         boolean strict, String affinity, boolean disable, String comment, int order) {

    public static final String NODE_AFFINITY = "node-affinity";
    public static final String RESOURCE_AFFINITY = "resource-affinity";

    public RuleConfig {
        resources = new TreeSet<>(resources);
        nodes = new TreeMap<>(nodes);
    }

    public boolean nodeAffinity() {
        return NODE_AFFINITY.equals(type);
    }

    /** Proxmox's {@code nodes} property: {@code node1:2,node2} (priority 0 written without suffix). */
    public String nodesText() {
        return nodes.entrySet().stream().map(e -> e.getValue() == 0 ? e.getKey() : e.getKey() + ":" + e.getValue())
                .collect(Collectors.joining(","));
    }

    /** The configuration keys in a fixed order; also the input of the digest and the audit rows. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rule", id);
        m.put("type", type);
        m.put("resources", String.join(",", resources));
        if (nodeAffinity()) {
            m.put("nodes", nodesText());
            m.put("strict", strict);
        } else {
            m.put("affinity", affinity);
        }
        m.put("disable", disable);
        m.put("comment", comment);
        m.put("order", order);
        return m;
    }

    NodeAffinityRule toNodeAffinityRule() {
        return new NodeAffinityRule(id, List.copyOf(resources), nodes, strict, disable, comment, order);
    }

    ResourceAffinityRule toResourceAffinityRule() {
        return new ResourceAffinityRule(id, List.copyOf(resources), Affinity.parse(affinity), disable, comment, order);
    }
}
