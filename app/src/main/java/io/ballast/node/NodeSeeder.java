package io.ballast.node;

import io.ballast.config.ClusterProperties;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Makes the node table contain the configured cluster members (existing rows are kept). */
@Component
class NodeSeeder implements ApplicationRunner {

    private final JdbcTemplate jdbc;
    private final ClusterProperties cluster;

    NodeSeeder(JdbcTemplate jdbc, ClusterProperties cluster) {
        this.jdbc = jdbc;
        this.cluster = cluster;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        for (String node : cluster.nodes()) {
            jdbc.update("INSERT INTO node (name) VALUES (?) ON CONFLICT (name) DO NOTHING", node.strip());
        }
    }
}
