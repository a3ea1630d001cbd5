package io.ballast.proxmox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The stdin commands of {@code ./ballast fake-pve} change the fake cluster the way the adapter then sees it. */
class FakePveCliTest {

    @Test
    void nodeAndQuorumCommandsChangeWhatTheApiReports() throws Exception {
        try (FakePve pve = FakePve.threeNodes()) {
            PveClient client = new PveClient(pve.props());
            PveObserver observer = new PveObserver(client);

            assertThat(FakePveCli.command(pve, "node pve2 off")).isEqualTo("node pve2 left the cluster");
            assertThat(observer.observe().onlineMembers()).containsExactly("pve1", "pve3");
            assertThat(FakePveCli.command(pve, "quorum off")).isEqualTo("quorate: false");
            assertThat(observer.observe().quorate()).isFalse();
            assertThat(FakePveCli.command(pve, "node pve2 on")).isEqualTo("node pve2 back in the cluster");
            assertThat(FakePveCli.command(pve, "quorum on")).isEqualTo("quorate: true");
            assertThat(observer.observe().onlineMembers()).containsExactly("pve1", "pve2", "pve3");
        }
    }

    @Test
    void badCommandsAnswerWithUsageAndQuitEnds() throws Exception {
        try (FakePve pve = FakePve.threeNodes()) {
            assertThat(FakePveCli.command(pve, "node pve9 off")).startsWith("usage: node <pve1|pve2|pve3> off|on");
            assertThat(FakePveCli.command(pve, "reboot")).startsWith("unknown command 'reboot'");
            assertThat(FakePveCli.command(pve, "quit")).isNull();
        }
    }

    @Test
    void optionsAreChecked() throws Exception {
        assertThat(FakePveCli.run(new String[] {"--nodes", "zero"})).isEqualTo(2);
        assertThat(FakePveCli.run(new String[] {"--verbose"})).isEqualTo(2);
        assertThat(FakePveCli.run(new String[] {"--nodes", "0"})).isEqualTo(2);
    }
}
