package io.ballast.config;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Cluster membership of the (simulated) cluster, seeded into the node table at start, and node tags for
 * custom placement rules ({@code ballast.cluster.node-tags.<node>=old-hw,ssd}), in every cluster mode.
 */
@ConfigurationProperties("ballast.cluster")
public record ClusterProperties(List<String> nodes, Map<String, List<String>> nodeTags,
                                Integer memoryOvercommitPercent) {
    public ClusterProperties {
        nodes = nodes == null || nodes.isEmpty() ? List.of("node1", "node2", "node3") : List.copyOf(nodes);
        nodeTags = nodeTags == null ? Map.of() : Map.copyOf(nodeTags);
        if (memoryOvercommitPercent != null && memoryOvercommitPercent <= 0) {
            throw new IllegalArgumentException("ballast.cluster.memory-overcommit-percent must be a positive "
                    + "percentage (100 = no overcommit), got " + memoryOvercommitPercent);
        }
    }

    /** node → its tags. */
    public Map<String, Set<String>> tagsByNode() {
        Map<String, Set<String>> out = new TreeMap<>();
        nodeTags.forEach((node, tags) -> out.put(node, new TreeSet<>(tags.stream().map(String::strip)
                .filter(t -> !t.isEmpty()).toList())));
        return out;
    }
}
