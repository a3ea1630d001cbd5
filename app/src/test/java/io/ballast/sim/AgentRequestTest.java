package io.ballast.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.core.LrmStatus;
import io.ballast.sim.AgentRequest.Act;
import io.ballast.sim.AgentRequest.Done;
import io.ballast.sim.AgentRequest.Step;
import org.junit.jupiter.api.Test;

/** The one rule book of every agent (simulated LRM and Proxmox agents): plans, ends, restart policy, rework. */
class AgentRequestTest {

    @Test
    void plansAStepOnlyWhenTheGuestIsNotWhereTheRequestWantsIt() {
        assertThat(AgentRequest.plan("vm:100", "started", null, null, "n1", "n1", false))
                .isEqualTo(new Act(Step.START, "starting service vm:100"));
        assertThat(AgentRequest.plan("vm:100", "started", null, null, "n1", "n1", true))
                .isEqualTo(new Done(LrmStatus.SUCCESS, null, null));
        assertThat(AgentRequest.plan("vm:100", "stopped", null, 0, "n1", "n1", true))
                .isEqualTo(new Act(Step.STOP, "stopping service vm:100 (timeout=0)"));
        assertThat(AgentRequest.plan("vm:100", "migrate", "n2", null, "n1", "n1", true)).isEqualTo(new Act(Step.MIGRATE, null));
        assertThat(AgentRequest.plan("ct:101", "relocate", "n2", null, "n1", "n1", false)).isEqualTo(new Act(Step.RELOCATE, null));
        assertThat(AgentRequest.plan("vm:100", "migrate", "n1", null, "n1", "n1", true)).isEqualTo(new Done(LrmStatus.SUCCESS, null, null));
    }

    @Test
    void answersAtOnceWithTheExitCodesOfSpec17() {
        assertThat(((Done) AgentRequest.plan("vm:100", "started", null, null, "n1", null, false)).code())
                .isEqualTo(LrmStatus.EUNKNOWN_SERVICE);
        assertThat(((Done) AgentRequest.plan("vm:100", "started", null, null, "n1", "n2", false)).code())
                .isEqualTo(LrmStatus.EWRONG_NODE);
        assertThat(((Done) AgentRequest.plan("xx:100", "started", null, null, "n1", "n1", false)).code())
                .isEqualTo(LrmStatus.EUNKNOWN_SERVICE_TYPE);
        assertThat(((Done) AgentRequest.plan("vm:100", "migrate", null, null, "n1", "n1", false)).code())
                .isEqualTo(LrmStatus.EINVALID_PARAMETER);
        assertThat(((Done) AgentRequest.plan("vm:100", "request_start_balance", "n2", null, "n1", "n1", true)).code())
                .isEqualTo(LrmStatus.IGNORED);
        assertThat(((Done) AgentRequest.plan("vm:100", "freeze", null, null, "n1", "n1", true)).code())
                .isEqualTo(LrmStatus.EUNKNOWN_COMMAND);
        assertThat(AgentRequest.plan("vm:100", "error", null, null, "n1", "n2", true))
                .satisfies(p -> assertThat(((Done) p).code()).isEqualTo(LrmStatus.SUCCESS));
    }

    @Test
    void aFailedStartIsRetriedUpToMaxRestartThenReported() {
        AgentRequest.Restart first = AgentRequest.restartPolicy("vm:100", "started", LrmStatus.ERROR, 0, 2);
        assertThat(first.retry()).isTrue();
        assertThat(first.tries()).isEqualTo(1);
        assertThat(first.message()).isEqualTo("restart policy: retry number 1 for service 'vm:100'");
        AgentRequest.Restart last = AgentRequest.restartPolicy("vm:100", "started", LrmStatus.ERROR, 2, 2);
        assertThat(last.code()).isEqualTo(LrmStatus.ERROR);
        assertThat(last.tries()).isZero();
        assertThat(AgentRequest.restartPolicy("vm:100", "migrate", LrmStatus.ERROR, 0, 5).code()).isEqualTo(LrmStatus.ERROR);
        assertThat(AgentRequest.restartPolicy("vm:100", "started", LrmStatus.SUCCESS, 1, 5).tries()).isZero();
        assertThat(AgentRequest.ended(Step.MIGRATE, "vm:100", false).code()).isEqualTo(LrmStatus.ERROR);
        assertThat(AgentRequest.ended(Step.STOP, "vm:100", true).code()).isEqualTo(LrmStatus.SUCCESS);
    }

    @Test
    void aRequestIsWorkedOnceExceptAStoppedGuestThatRunsAgain() {
        assertThat(AgentRequest.work("started", false, false)).isTrue();
        assertThat(AgentRequest.work("started", true, false)).isFalse();
        assertThat(AgentRequest.work("stopped", true, false)).isFalse();
        assertThat(AgentRequest.work("stopped", true, true)).isTrue();
    }
}
