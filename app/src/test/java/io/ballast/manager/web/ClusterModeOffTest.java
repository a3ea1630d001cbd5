package io.ballast.manager.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import io.ballast.manager.loop.ManagerProperties;
import io.ballast.manager.loop.SimulatedCluster;
import io.ballast.web.ApiException;

/** With {@code ballast.cluster.mode} other than simulated no cluster runs and the sim API says so. */
class ClusterModeOffTest {

    private final SimulatedCluster cluster = new SimulatedCluster(null, null,
            new ManagerProperties(Duration.ofSeconds(10), true), null, null, null, null, "off");

    @Test
    void noLoopStartsOutsideSimulatedMode() {
        cluster.start();

        assertThat(cluster.live()).isNull();
        assertThat(new ObservedClusterFacts(cluster, new org.springframework.beans.factory.support.StaticListableBeanFactory()
                .getBeanProvider(io.ballast.proxmox.ProxmoxService.class), new org.springframework.beans.factory.support
                .StaticListableBeanFactory().getBeanProvider(io.ballast.manager.loop.ProxmoxConfigBridge.class), "off").current()).isEqualTo(io.ballast.status.ClusterFacts.unobserved("off"));
    }

    @Test
    void faultInjectionIsAConflictWithoutASimulatedCluster() {
        SimulationController api = new SimulationController(cluster, null);

        assertThatThrownBy(() -> api.power("node1", Map.of("state", "off")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.CONFLICT))
                .hasMessageContaining("ballast.cluster.mode");
    }
}
