package io.ballast.sim;

import static io.ballast.sim.SimTestSupport.caseDir;
import static io.ballast.sim.SimTestSupport.times;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.ballast.sim.SimTestSupport.KeepStatusManager;

/** Live mode: guest actions take time and at most max_workers run at once on a node. */
class ActionDurationsTest {

    private static SimulationResult runLive(String caseName, ActionDurations durations, int rounds) {
        try (LiveSimulation live = LiveSimulation.create(CaseLoader.load(caseDir(caseName)), new KeepStatusManager())) {
            live.actionDurations(durations);
            live.step();
            live.submit("power node1 on");
            live.submit("power node2 on");
            live.submit("power node3 on");
            for (int i = 0; i < rounds; i++) {
                live.step();
            }
            return new SimulationResult(live.logSince(0), live.snapshot().time(), false, null,
                    live.snapshot().managerStatus(), live.snapshot().serviceNodes());
        }
    }

    @Test
    void startsCompleteInALaterAgentRoundAndAtMostMaxWorkersRunAtOnce() {
        // max_workers 2 (datacenter.cfg), five starts of 10 s each, the agent runs every 20 s from t=21
        SimulationResult r = runLive("parallel-starts", ActionDurations.REALISTIC, 6);

        assertThat(times(r, "node1/lrm", "service status vm:301 started")).containsExactly(41L);
        assertThat(times(r, "node1/lrm", "service status vm:302 started")).containsExactly(41L);
        assertThat(times(r, "node1/lrm", "service status vm:303 started")).containsExactly(61L);
        assertThat(times(r, "node1/lrm", "service status vm:304 started")).containsExactly(61L);
        assertThat(times(r, "node1/lrm", "service status vm:305 started")).containsExactly(81L);
    }

    @Test
    void withoutDurationsEverythingCompletesInTheIterationThatStartsIt() {
        SimulationResult r = runLive("parallel-starts", null, 3);

        for (int i = 1; i <= 5; i++) {
            assertThat(times(r, "node1/lrm", "service status vm:30" + i + " started")).containsExactly(21L);
        }
    }
}
