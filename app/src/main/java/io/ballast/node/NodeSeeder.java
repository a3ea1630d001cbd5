package io.ballast.node;

import io.ballast.config.ClusterProperties;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/** Makes the node table contain the configured cluster members (existing rows are kept). */
@Component
class NodeSeeder implements ApplicationRunner {

    private final NodeService nodes;
    private final ClusterProperties cluster;

    NodeSeeder(NodeService nodes, ClusterProperties cluster) {
        this.nodes = nodes;
        this.cluster = cluster;
    }

    @Override
    public void run(ApplicationArguments args) {
        nodes.seed(cluster.nodes());
    }
}
