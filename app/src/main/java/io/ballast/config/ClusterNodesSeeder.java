package io.ballast.config;

import java.util.Arrays;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Registers the configured cluster nodes (the simulated cluster's members) on start; existing rows are kept. */
@Component
class ClusterNodesSeeder implements ApplicationRunner {

    private final JdbcClient jdbc;
    private final List<String> nodes;

    ClusterNodesSeeder(JdbcClient jdbc, @Value("${ballast.cluster.nodes:node1,node2,node3}") String nodes) {
        this.jdbc = jdbc;
        this.nodes = Arrays.stream(nodes.split(",")).map(String::trim).filter(n -> !n.isEmpty()).sorted().toList();
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        for (String node : nodes) {
            jdbc.sql("INSERT INTO node (name) VALUES (:name) ON CONFLICT (name) DO NOTHING")
                    .param("name", node).update();
        }
    }
}
