package io.ballast.sim;

import static io.ballast.sim.SimTestSupport.caseDir;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/**
 * The hazard SafetyFuzzTest found, as a fixed scenario: HA is disarmed (agents release lock and watchdog),
 * node1 is then cut off while it runs vm:101, and HA is re-armed. Nothing ever resets node1, so vm:101 must
 * not be started anywhere else until node1 is back or really fenced. 5.2 takes node1's released agent
 * lock as fence proof and recovers vm:101 to node3 while node1 still runs it; Ballast waits and cancels the
 * fence when node1 rejoins.
 */
class DisarmIsolationTest {

    @Test
    void guestOfANodeCutOffWhileDisarmedIsNotStartedTwice() {
        List<String> doubles = new ArrayList<>();
        Simulation.run(CaseLoader.load(caseDir("disarm-isolation")), ManagerRound.CORE, null, (cluster, managed) -> {
            Map<String, String> runningOn = new TreeMap<>();
            cluster.guests.forEach((node, guests) -> guests.forEach((sid, running) -> {
                String other = running ? runningOn.put(sid, node) : null;
                if (other != null) {
                    doubles.add("t=" + cluster.time + " " + sid + " on " + other + " and " + node);
                }
            }));
        });

        assertThat(doubles).isEmpty();
    }

    @Test
    void theScenarioCutsOffARunningNodeThatHoldsNoWatchdog() {
        boolean[] seen = {false};
        Simulation.run(CaseLoader.load(caseDir("disarm-isolation")), ManagerRound.CORE, null, (cluster, managed) -> {
            if (cluster.hw.get("node1").power && !cluster.online("node1") && !cluster.hasWatchdog("node1")
                    && Boolean.TRUE.equals(cluster.guests.get("node1").get("vm:101"))) {
                seen[0] = true;
            }
        });

        assertThat(seen[0]).as("node1 isolated, unprotected, running vm:101 at some round").isTrue();
    }
}
