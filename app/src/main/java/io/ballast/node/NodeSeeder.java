package io.ballast.node;

import io.ballast.config.ClusterProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Makes the node table contain the configured cluster members (existing rows are kept). Against Proxmox VE
 * the members come from the observed cluster instead ({@code ProxmoxConfigBridge}).
 */
@Component
class NodeSeeder implements ApplicationRunner {

    private final NodeService nodes;
    private final ClusterProperties cluster;
    private final boolean simulated;

    NodeSeeder(NodeService nodes, ClusterProperties cluster, @Value("${ballast.cluster.mode:simulated}") String mode) {
        this.nodes = nodes;
        this.cluster = cluster;
        this.simulated = !"proxmox".equals(mode);
    }

    @Override
    public void run(ApplicationArguments args) {
        if (simulated) {
            nodes.seed(cluster.nodes());
        }
    }
}
