package io.ballast.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.ballast.sim.SimCommand.Kind;

class SimCommandTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "power node1 on                          | POWER               | node1 | on                       |",
        "power node2 off                         | POWER               | node2 | off                      |",
        "network node3 off                       | NETWORK             | node3 | off                      |",
        "reboot node1                            | REBOOT              | node1 |                          |",
        "shutdown node2                          | SHUTDOWN            | node2 |                          |",
        "restart-lrm node3                       | RESTART_LRM         | node3 |                          |",
        "crm node1 stop                          | CRM                 | node1 | stop                     |",
        "crm node1 start                         | CRM                 | node1 | start                    |",
        "crm node2 enable-node-maintenance       | CRM                 | node2 | enable-node-maintenance  |",
        "crm node2 disable-node-maintenance      | CRM                 | node2 | disable-node-maintenance |",
        "crm node1 disarm-ha freeze              | CRM                 | node1 | disarm-ha                | freeze",
        "crm node1 disarm-ha ignore              | CRM                 | node1 | disarm-ha                | ignore",
        "crm node1 arm-ha                        | CRM                 | node1 | arm-ha                   |",
        "service vm:101 started                  | SERVICE             | vm:101 | started                 |",
        "service vm:101 stopped                  | SERVICE             | vm:101 | stopped                 |",
        "service ct:102 disabled                 | SERVICE             | ct:102 | disabled                |",
        "service fa:1001 ignored                 | SERVICE             | fa:1001 | ignored                |",
        "service vm:101 migrate node2            | SERVICE             | vm:101 | migrate                 | node2",
        "service ct:101 relocate node3           | SERVICE             | ct:101 | relocate                | node3",
        "service vm:101 stop 0                   | SERVICE             | vm:101 | stop                    | 0",
        "service vm:105 add node2                | SERVICE             | vm:105 | add                     | node2",
        "service vm:105 add node2 stopped 1      | SERVICE             | vm:105 | add                     | node2 stopped 1",
        "service vm:105 delete                   | SERVICE             | vm:105 | delete                  |",
        "service vm:101 lock                     | SERVICE             | vm:101 | lock                    |",
        "service vm:101 lock create              | SERVICE             | vm:101 | lock                    | create",
        "service vm:101 unlock backup            | SERVICE             | vm:101 | unlock                  | backup",
        "service vm:101 manual-migrate node1     | SERVICE             | vm:101 | manual-migrate          | node1",
        "service vm:101 set-static-stats maxcpu 2 maxmem 4096 | SERVICE | vm:101 | set-static-stats      | maxcpu 2 maxmem 4096",
        "service vm:101 set-dynamic-stats cpu 0.5 | SERVICE            | vm:101 | set-dynamic-stats       | cpu 0.5",
        "pve-manager-version node1 set 9.0.1     | PVE_MANAGER_VERSION | node1 | set                      | 9.0.1",
        "cfs node1 rw fail                       | CFS                 | node1 | rw                       | fail",
        "cfs node2 update work                   | CFS                 | node2 | update                   | work",
        "delay 100                               | DELAY               |       |                          | 100",
        "skip-round crm                          | SKIP_ROUND          |       | crm                      | 1",
        "skip-round lrm 3                        | SKIP_ROUND          |       | lrm                      | 3",
    })
    void parsesEveryCommandForm(String text, Kind kind, String subject, String action, String args) {
        SimCommand cmd = SimCommand.parse(text);

        assertThat(cmd.kind()).isEqualTo(kind);
        assertThat(cmd.subject()).isEqualTo(subject);
        assertThat(cmd.action()).isEqualTo(action);
        assertThat(cmd.args()).isEqualTo(args == null ? List.of() : List.of(args.split(" ")));
        assertThat(cmd.text()).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "power node1", "power node1 maybe", "network node1", "reboot", "delay", "delay soon", "skip-round both",
        "cfs node1 rw broken", "cfs node1 read fail", "crm node1 dance", "crm node1 disarm-ha", "crm node1 disarm-ha hard",
        "service vm:101", "service vm101 started", "service xx:1 started", "service vm:101 migrate",
        "service vm:101 stop", "service vm:101 stop soon", "service vm:101 add", "service vm:101 add node1 running",
        "service vm:101 set-static-stats cpu 2", "service vm:101 set-dynamic-stats cpu", "service vm:101 fly node2",
        "pve-manager-version node1 9.0.1", "teleport node1",
    })
    void rejectsMalformedCommands(String text) {
        assertThatThrownBy(() -> SimCommand.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'");
    }

    @Test
    void errorMessageSaysWhatWasExpected() {
        assertThatThrownBy(() -> SimCommand.parse("service vm:101 stop soon"))
                .hasMessage("bad command 'service vm:101 stop soon': expected 'service <sid> stop <timeout>'");
    }
}
