package io.ballast.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The text form of Proxmox's CRM queue, read once at the edge; text() is what the log lines quote. */
class CrmCommandTest {

    @Test
    void readsEveryCommandOfTheQueue() {
        assertThat(CrmCommand.parse("migrate vm:100 node2")).isEqualTo(new CrmCommand.Move("migrate", "vm:100", "node2"));
        assertThat(CrmCommand.parse("relocate ct:101 node3")).isEqualTo(new CrmCommand.Move("relocate", "ct:101", "node3"));
        assertThat(CrmCommand.parse("stop vm:100 30")).isEqualTo(new CrmCommand.Stop("vm:100", 30));
        assertThat(CrmCommand.parse("enable-node-maintenance node1")).isEqualTo(new CrmCommand.MaintenanceOn("node1"));
        assertThat(CrmCommand.parse("disable-node-maintenance node1")).isEqualTo(new CrmCommand.MaintenanceOff("node1"));
        assertThat(CrmCommand.parse("disarm-ha freeze")).isEqualTo(new CrmCommand.Disarm("freeze"));
        assertThat(CrmCommand.parse("disarm-ha bogus")).isEqualTo(new CrmCommand.Disarm("bogus"));
        assertThat(CrmCommand.parse(" arm-ha ")).isEqualTo(new CrmCommand.Arm());
    }

    @Test
    void whatItCannotReadStaysTextForTheLog() {
        assertThat(CrmCommand.parse("migrate vm:100")).isEqualTo(new CrmCommand.Unparsed("migrate vm:100"));
        assertThat(CrmCommand.parse("stop vm:100 soon")).isEqualTo(new CrmCommand.Unparsed("stop vm:100 soon"));
        assertThat(CrmCommand.parse("arm-ha now")).isEqualTo(new CrmCommand.Unparsed("arm-ha now"));
    }

    @Test
    void textIsTheCommandAsQueued() {
        for (String text : new String[] {"migrate vm:100 node2", "relocate ct:101 node3", "stop vm:100 0",
                "enable-node-maintenance node1", "disable-node-maintenance node1", "disarm-ha ignore", "arm-ha",
                "reboot node1"}) {
            assertThat(CrmCommand.parse(text).text()).isEqualTo(text);
        }
    }
}
