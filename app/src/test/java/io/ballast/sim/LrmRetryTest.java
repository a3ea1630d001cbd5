package io.ballast.sim;

import static io.ballast.sim.SimTestSupport.caseDir;
import static io.ballast.sim.SimTestSupport.times;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.ballast.core.LrmStatus;
import io.ballast.sim.SimTestSupport.KeepStatusManager;

/**
 * The LRM retries a failed start up to max_restart times without telling the manager, then reports ERROR.
 * fa:120 and fa:220 both fail their first two starts; max_restart is 1 and 2.
 */
class LrmRetryTest {

    private final KeepStatusManager manager = new KeepStatusManager();
    private final SimulationResult result = Simulation.run(CaseLoader.load(caseDir("lrm-retry")), null, manager);

    @Test
    void retriesQuietlyUpToMaxRestartThenReportsError() {
        assertThat(times(result, "node2/lrm", "starting service fa:120")).containsExactly(23L, 43L);
        assertThat(times(result, "node2/lrm", "restart policy: retry number 1 for service 'fa:120'")).containsExactly(23L);
        assertThat(times(result, "node2/lrm", "unable to start service fa:120 on local node after 1 retries"))
                .containsExactly(43L);
        // nothing reported before the retries are used up
        assertThat(manager.at(40).lrmStatus().get("node2").results()).doesNotContainKey("try-120");
        assertThat(manager.at(60).lrmStatus().get("node2").results().get("try-120"))
                .isEqualTo(new LrmStatus.LrmResult("fa:120", 1));
    }

    @Test
    void theSameRequestIsNotExecutedAgainAfterItsResult() {
        assertThat(times(result, "node2/lrm", "starting service fa:120")).hasSize(2);
    }

    @Test
    void succeedsOnTheLastAllowedRetryAndReportsSuccess() {
        assertThat(times(result, "node2/lrm", "starting service fa:220")).containsExactly(23L, 43L, 63L);
        assertThat(times(result, "node2/lrm", "restart policy: retry number 2 for service 'fa:220'")).containsExactly(43L);
        assertThat(times(result, "node2/lrm", "service status fa:220 started")).containsExactly(63L);
        assertThat(manager.at(80).lrmStatus().get("node2").results().get("try-220"))
                .isEqualTo(new LrmStatus.LrmResult("fa:220", 0));
    }

    @Test
    void failedStartsAreLoggedAsWarnings() {
        assertThat(result.logLines()).contains("warn     23    node2/lrm: unable to start service fa:120");
    }
}
