package io.ballast.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Drives manager rounds directly: membership + LRM results in, states and CRM log lines out. */
class HaManagerRoundTest {

    private static Cluster basicCluster() {
        return new Cluster("node1", "node2", "node3")
                .service("vm:101", "node1", "started")
                .service("vm:102", "node2", "stopped")
                .service("vm:103", "node3", "started");
    }

    @Test
    void freshClusterAddsServicesAndStartsThemInPlace() {
        Cluster c = basicCluster();
        c.round(20);
        assertThat(c.messages()).containsExactly(
                "node 'node1': state changed from 'unknown' => 'online'",
                "node 'node2': state changed from 'unknown' => 'online'",
                "node 'node3': state changed from 'unknown' => 'online'",
                "adding new service 'vm:101' on node 'node1'",
                "adding new service 'vm:102' on node 'node2'",
                "adding new service 'vm:103' on node 'node3'",
                "service 'vm:101': state changed from 'request_start' to 'started'  (node = node1)",
                "service 'vm:103': state changed from 'request_start' to 'started'  (node = node3)");
        assertThat(c.service("vm:102").state()).isEqualTo(ServiceState.REQUEST_STOP);

        c.lrmAnswers("vm:102", LrmStatus.SUCCESS);
        c.round(40);
        assertThat(c.messages()).containsExactly("service 'vm:102': state changed from 'request_stop' to 'stopped'");
    }

    @Test
    void lostNodeIsFencedAfterSixtySecondsAndItsServiceRecovered() {
        Cluster c = basicCluster();
        c.round(20);
        c.lrmAnswers("vm:102", LrmStatus.SUCCESS);
        c.round(40);
        c.round(100);
        c.online.remove("node3");
        c.round(120);
        assertThat(c.messages()).containsExactly("node 'node3': state changed from 'online' => 'unknown'");
        c.round(140);
        assertThat(c.messages()).isEmpty();
        c.round(160);
        assertThat(c.messages()).containsExactly(
                "service 'vm:103': state changed from 'started' to 'fence'",
                "node 'node3': state changed from 'unknown' => 'fence'",
                "FENCE: Try to fence node 'node3'");
        c.round(180);
        assertThat(c.messages()).isEmpty();
        c.freeLocks.add("node3");
        c.round(240);
        assertThat(c.messages()).containsExactly(
                "got lock 'ha_agent_node3_lock'",
                "fencing: acknowledged - got agent lock for node 'node3'",
                "node 'node3': state changed from 'fence' => 'unknown'",
                "SUCCEED: fencing: acknowledged - got agent lock for node 'node3'",
                "service 'vm:103': state changed from 'fence' to 'recovery'",
                "recover service 'vm:103' from fenced node 'node3' to node 'node2'",
                "service 'vm:103': state changed from 'recovery' to 'started'  (node = node2)");
        assertThat(c.last.effects()).contains(new Effect.AgentLockAcquired("node3"),
                new Effect.ServiceConfigMoved("vm:103", "node3", "node2"));
        assertThat(c.services.get("vm:103").node()).isEqualTo("node2");
    }

    @Test
    void failedStartRelocatesThenEntersErrorAfterMaxRelocate() {
        Cluster c = new Cluster("node1", "node2", "node3").service("fa:130", "node2", "started");
        c.round(20);
        c.lrmAnswers("fa:130", LrmStatus.ERROR);
        c.round(40);
        assertThat(c.messages()).containsExactly(
                "starting service fa:130 on node 'node2' failed, relocating service.",
                "relocate service 'fa:130' to node 'node1'",
                "service 'fa:130': state changed from 'started' to 'relocate'  (node = node2, target = node1)");
        c.lrmAnswers("fa:130", LrmStatus.SUCCESS);
        c.round(60);
        assertThat(c.service("fa:130").node()).isEqualTo("node1");
        c.lrmAnswers("fa:130", LrmStatus.ERROR);
        c.round(80);
        assertThat(c.messages()).containsExactly(
                "recovery policy for service fa:130 failed, entering error state. Failed nodes: node2, node1",
                "service 'fa:130': state changed from 'started' to 'error'");
        c.services.put("fa:130", new ServiceConfig("fa:130", "node1", "disabled", 1, 1, true, null, null));
        c.round(100);
        assertThat(c.messages()).containsExactly("service 'fa:130': state changed from 'error' to 'stopped'");
        assertThat(c.service("fa:130").failedNodes()).isEmpty();
    }

    @Test
    void migrateCommandMovesTheServiceAndStopCommandRewritesRequestedState() {
        Cluster c = basicCluster();
        c.round(20);
        c.commands.add("migrate vm:101 node2");
        c.round(40);
        assertThat(c.messages()).contains("got crm command: migrate vm:101 node2",
                "migrate service 'vm:101' to node 'node2'",
                "service 'vm:101': state changed from 'started' to 'migrate'  (node = node1, target = node2)");
        c.lrmAnswers("vm:101", LrmStatus.SUCCESS);
        c.round(60);
        assertThat(c.messages()).containsExactly(
                "service 'vm:101': state changed from 'migrate' to 'started'  (node = node2)");

        c.commands.add("stop vm:103 0");
        c.round(80);
        assertThat(c.messages()).containsExactly("got crm command: stop vm:103 0",
                "request immediate service hard-stop for service 'vm:103'",
                "service 'vm:103': state changed from 'started' to 'request_stop'  (timeout = 0)");
        assertThat(c.services.get("vm:103").requestedState()).isEqualTo("stopped");
    }

    @Test
    void maintenanceEvacuatesAndReturnsAfterwards() {
        Cluster c = basicCluster();
        c.round(20);
        c.commands.add("enable-node-maintenance node3");
        c.round(40);
        assertThat(c.status.maintenanceRequests()).containsExactly("node3");
        c.lrmMode("node3", LrmMode.MAINTENANCE);
        c.round(60);
        assertThat(c.messages()).containsExactly(
                "node 'node3': state changed from 'online' => 'maintenance'",
                "migrate service 'vm:103' to node 'node1' (running)",
                "service 'vm:103': state changed from 'started' to 'migrate'  (node = node3, target = node1)");
        c.lrmAnswers("vm:103", LrmStatus.SUCCESS);
        c.round(80);
        assertThat(c.service("vm:103").maintenanceNode()).isEqualTo("node3");
        c.commands.add("disable-node-maintenance node3");
        c.round(100);
        assertThat(c.status.maintenanceRequests()).isEmpty();
        c.lrmMode("node3", LrmMode.ACTIVE);
        c.round(120);
        assertThat(c.messages()).containsExactly(
                "node 'node3': state changed from 'maintenance' => 'online'",
                "moving service 'vm:103' back to 'node3', node came back from maintenance.",
                "migrate service 'vm:103' to node 'node3' (running)",
                "service 'vm:103': state changed from 'started' to 'migrate'  (node = node1, target = node3)");
        assertThat(c.service("vm:103").maintenanceNode()).isNull();
    }

    @Test
    void restartModeFreezesAndActiveModeUnfreezes() {
        Cluster c = basicCluster();
        c.round(20);
        c.lrmMode("node1", LrmMode.RESTART);
        c.round(40);
        assertThat(c.messages()).contains("service 'vm:101': state changed from 'started' to 'freeze'");
        c.lrmMode("node1", LrmMode.ACTIVE);
        c.round(60);
        assertThat(c.messages()).containsExactly("service 'vm:101': state changed from 'freeze' to 'started'");
    }

    @Test
    void disarmFreezeWaitsForAllLrmsThenArmUnfreezes() {
        Cluster c = basicCluster();
        c.round(20);
        c.commands.add("disarm-ha freeze");
        c.round(40);
        assertThat(c.messages()).contains("got crm command: disarm-ha freeze",
                "disarm: freezing service 'vm:101' (was 'started')");
        assertThat(c.status.disarm()).isEqualTo(new DisarmStatus("freeze", "disarming"));
        c.nodes.forEach(n -> c.lrmMode(n, LrmMode.DISARM));
        c.round(60);
        assertThat(c.messages()).containsExactly("all LRMs disarmed, HA stack is now fully disarmed");
        c.commands.add("arm-ha");
        c.round(80);
        assertThat(c.messages()).containsExactly("got crm command: arm-ha", "re-arming HA stack");
        c.nodes.forEach(n -> c.lrmMode(n, LrmMode.ACTIVE));
        c.round(100);
        assertThat(c.messages()).contains("service 'vm:101': state changed from 'freeze' to 'started'");
        assertThat(c.status.disarm()).isNull();
    }
}
