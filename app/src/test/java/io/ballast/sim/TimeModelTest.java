package io.ballast.sim;

import static io.ballast.sim.SimTestSupport.caseDir;
import static io.ballast.sim.SimTestSupport.lines;
import static io.ballast.sim.SimTestSupport.times;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.ballast.sim.SimTestSupport.KeepStatusManager;
import io.ballast.sim.SimTestSupport.Line;

/** The time model of FORMAT.md §4: step schedule, delay, end rule, daemon order and one second per iteration. */
class TimeModelTest {

    @Test
    void stepsRunEveryFifthCountedRoundAndDelayHoldsCountingBack() {
        SimulationResult r = Simulation.run(caseDir("time-delay"));

        List<Line> cmdlist = lines(r).stream().filter(l -> l.source().equals("cmdlist")).toList();
        assertThat(cmdlist).extracting(Line::time, Line::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(20L, "execute power node1 on"),
                org.assertj.core.groups.Tuple.tuple(20L, "execute power node2 on"),
                org.assertj.core.groups.Tuple.tuple(20L, "execute power node3 on"),
                // delay 100 at 120 holds counting until 220; four more counted rounds → 300
                org.assertj.core.groups.Tuple.tuple(120L, "execute delay 100"),
                org.assertj.core.groups.Tuple.tuple(300L, "execute network node3 off"),
                // the empty step at 400 spends its slot silently; delay 0 just spends one slot
                org.assertj.core.groups.Tuple.tuple(500L, "execute delay 0"),
                org.assertj.core.groups.Tuple.tuple(600L, "execute network node3 on"));
    }

    @Test
    void endsAtTheFirstSlotMoreThan500SecondsAfterTheLastCommand() {
        SimulationResult r = Simulation.run(caseDir("time-delay"));

        assertThat(r.completed()).isTrue();
        assertThat(r.logLines().get(0)).isEqualTo("info      0     hardware: starting simulation");
        assertThat(r.logLines().get(r.logLines().size() - 1)).isEqualTo("info   1200     hardware: exit simulation - done");
        assertThat(r.endTime()).isEqualTo(1200);
    }

    @Test
    void daemonsRunInNodeOrderCrmThenLrmOneSecondEach() {
        KeepStatusManager manager = new KeepStatusManager();
        SimulationResult r = Simulation.run(CaseLoader.load(caseDir("watchdog-fire")), null, manager);

        assertThat(times(r, "node1/crm", "status change wait_for_quorum => master")).containsExactly(20L);
        assertThat(times(r, "node2/crm", "status change wait_for_quorum => slave")).containsExactly(22L);
        assertThat(times(r, "node3/crm", "status change wait_for_quorum => slave")).containsExactly(24L);
        assertThat(times(r, "node3/lrm", "got lock 'ha_agent_node3_lock'")).containsExactly(25L);
        assertThat(times(r, "node3/lrm", "starting service vm:201")).containsExactly(25L);
        // the master runs once per 20 s round, at the round's start time
        assertThat(manager.inputs).extracting(i -> i.now()).startsWith(20L, 40L, 60L, 80L, 100L, 120L);
    }

    @Test
    void timesInTheLogMayGoBackOneSecondButNeverBeyondARound() {
        SimulationResult r = Simulation.run(CaseLoader.load(caseDir("watchdog-fire")), null, new KeepStatusManager());

        long max = 0;
        for (Line l : lines(r)) {
            assertThat(l.time()).isGreaterThanOrEqualTo(max - 1);
            max = Math.max(max, l.time());
        }
    }
}
