package io.ballast.node;

import io.ballast.config.ClusterProperties;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Makes the node table contain the configured cluster members (existing rows are kept). */
@Component
class NodeSeeder implements ApplicationRunner {

    private final NodeRepository nodes;
    private final ClusterProperties cluster;

    NodeSeeder(NodeRepository nodes, ClusterProperties cluster) {
        this.nodes = nodes;
        this.cluster = cluster;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        for (String node : cluster.nodes()) {
            String name = node.strip();
            if (!nodes.existsById(name)) {
                nodes.save(new NodeEntity(name));
            }
        }
    }
}
