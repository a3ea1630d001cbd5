package io.ballast.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Spec §2.2: a free agent lock proves a fence only if the node's agent held its watchdog when it left. */
class UnprotectedFenceTest {

    /** node3 runs vm:103; its agent then waits for its lock (no watchdog) and node3 drops out. */
    private static Cluster cutOffWithoutWatchdog() {
        return cutOffWithoutWatchdog(new Cluster("node1", "node2", "node3").service("vm:103", "node3", "started"));
    }

    private static Cluster cutOffWithoutWatchdog(Cluster c) {
        c.round(20);
        c.services.keySet().forEach(sid -> c.lrmAnswers(sid, LrmStatus.SUCCESS));
        c.round(40);
        c.lrm.put("node3", new LrmStatus("wait_for_agent_lock", LrmMode.ACTIVE, Map.of(), 50));
        c.round(60);
        c.online.remove("node3");
        c.freeLocks.add("node3");
        c.round(80);
        c.round(140);
        return c;
    }

    /** node3 is still cut off one more round, then rejoins the cluster. */
    private static void rejoin(Cluster c) {
        c.round(200);
        c.online.add("node3");
        c.round(220);
    }

    @Test
    void freeLockOfANodeThatLeftWithoutWatchdogIsNoFence() {
        Cluster c = cutOffWithoutWatchdog();
        c.round(200);
        c.round(400);

        assertThat(c.service("vm:103").state()).isEqualTo(ServiceState.FENCE);
        assertThat(c.service("vm:103").node()).isEqualTo("node3");
        assertThat(c.status.nodeStatus().get("node3")).isEqualTo(NodeState.FENCE);
        assertThat(c.last.effects()).noneMatch(e -> e instanceof Effect.AgentLockAcquired);
    }

    @Test
    void fenceIsCancelledWhenTheNodeRejoins() {
        Cluster c = cutOffWithoutWatchdog();
        rejoin(c);

        assertThat(c.messages()).contains("node 'node3': back before it could be fenced, cancelling the fence",
                "service 'vm:103': state changed from 'fence' to 'started'  (node = node3)");
        c.round(240);
        assertThat(c.status.nodeStatus().get("node3")).isEqualTo(NodeState.ONLINE);
        assertThat(c.service("vm:103").node()).isEqualTo("node3");
    }

    /** Issue 13 (1): a cancelled fence must not start a guest whose requested state is stopped or disabled. */
    @Test
    void cancelledFenceStopsGuestsThatMustStayOff() {
        Cluster c = cutOffWithoutWatchdog(new Cluster("node1", "node2", "node3").service("vm:103", "node3", "started")
                .service("vm:104", "node3", "stopped"));
        assertThat(c.service("vm:104").state()).isEqualTo(ServiceState.FENCE);
        c.service("vm:103", "node3", "disabled");
        rejoin(c);

        assertThat(c.messages()).contains("node 'node3': back before it could be fenced, cancelling the fence",
                "service 'vm:103': state changed from 'fence' to 'request_stop'  (node = node3)",
                "service 'vm:104': state changed from 'fence' to 'request_stop'  (node = node3)");
        c.lrmAnswers("vm:103", LrmStatus.SUCCESS);
        c.lrmAnswers("vm:104", LrmStatus.SUCCESS);
        c.round(240);
        assertThat(c.service("vm:103").state()).isEqualTo(ServiceState.STOPPED);
        assertThat(c.service("vm:104").state()).isEqualTo(ServiceState.STOPPED);
    }

    @Test
    void removingTheNodeFromTheClusterConfirmsTheFence() {
        Cluster c = cutOffWithoutWatchdog();
        c.round(200);
        c.nodes.remove("node3");
        c.round(220);
        c.round(240);

        assertThat(c.service("vm:103").node()).isNotEqualTo("node3");
        assertThat(c.service("vm:103").state()).isEqualTo(ServiceState.STARTED);
    }

    @Test
    void nodeThatLeftWithItsWatchdogIsFencedByItsFreeLock() {
        Cluster c = new Cluster("node1", "node2", "node3").service("vm:103", "node3", "started");
        c.round(20);
        c.lrmAnswers("vm:103", LrmStatus.SUCCESS);
        c.round(40);
        c.online.remove("node3");
        c.round(60);
        c.round(120);
        // rebooted by its watchdog: the fresh agent waits for its lock, which is no reason to doubt the fence
        c.lrm.put("node3", new LrmStatus("wait_for_agent_lock", LrmMode.ACTIVE, Map.of(), 130));
        c.online.add("node3");
        c.freeLocks.add("node3");
        c.round(140);

        assertThat(c.service("vm:103").state()).isEqualTo(ServiceState.STARTED);
        assertThat(c.service("vm:103").node()).isNotEqualTo("node3");
    }
}
