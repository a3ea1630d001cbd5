package io.ballast.sim;

import static io.ballast.sim.SimTestSupport.caseDir;
import static io.ballast.sim.SimTestSupport.lines;
import static io.ballast.sim.SimTestSupport.times;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.ballast.sim.SimTestSupport.KeepStatusManager;

/** Self-fencing: an active LRM cut off from the cluster stops feeding its watchdog and its node is reset. */
class WatchdogTest {

    private final KeepStatusManager manager = new KeepStatusManager();
    private final SimulationResult result = Simulation.run(CaseLoader.load(caseDir("watchdog-fire")), null, manager);

    @Test
    void isolatedActiveNodeIsPoweredOffMoreThan60SecondsAfterItsLastWatchdogUpdate() {
        // node3's LRM fed its watchdog last at 105; network off at 120; checked after each node of a round
        assertThat(times(result, "node3/lrm", "status change active => lost_agent_lock")).containsExactly(125L);
        assertThat(times(result, "watchdog", "execute power node3 off")).containsExactly(166L);
        assertThat(times(result, "node3/crm", "killed by poweroff")).containsExactly(165L);
        assertThat(times(result, "node3/lrm", "killed by poweroff")).containsExactly(166L);
        assertThat(times(result, "hardware", "server 'node3' stopped by poweroff (watchdog)")).containsExactly(166L);
    }

    @Test
    void poweredOffNodeRunsNoDaemonsAnyMore() {
        assertThat(lines(result)).filteredOn(l -> l.time() > 166 && l.source().startsWith("node3/")).isEmpty();
    }

    @Test
    void nodesWithoutWatchdogOrWithNetworkAreNotReset() {
        assertThat(lines(result)).filteredOn(l -> l.source().equals("watchdog")).hasSize(1);
    }

    @Test
    void deadNodesAgentLockBecomesFreeOnly120SecondsAfterItsLastRenewal() {
        // last renewal at 105: still held at 220 (115 s), free at 240 (135 s)
        assertThat(manager.at(220).freeAgentLocks()).doesNotContain("node3");
        assertThat(manager.at(240).freeAgentLocks()).contains("node3");
        assertThat(manager.at(240).onlineMembers()).containsExactlyInAnyOrder("node1", "node2");
    }
}
