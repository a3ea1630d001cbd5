package io.ballast.config;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Cluster membership of the (simulated) cluster, seeded into the node table at start. */
@ConfigurationProperties("ballast.cluster")
public record ClusterProperties(List<String> nodes) {
    public ClusterProperties {
        nodes = nodes == null || nodes.isEmpty() ? List.of("node1", "node2", "node3") : List.copyOf(nodes);
    }
}
