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

    @Test
    void launchLineReadsTheSecretFromAnOwnerOnlyFileAndNeverShowsIt() throws Exception {
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        java.nio.file.Path file;
        String secret;
        try (FakePveCli.Session s = FakePveCli.start(0, 2, 1)) {
            FakePveCli.printLaunch(s, 2, 1, new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8));
            String out = buf.toString(java.nio.charset.StandardCharsets.UTF_8);
            file = s.secretFile();
            secret = s.pve().secret();

            assertThat(out).doesNotContain(secret);
            assertThat(out).contains("BALLAST_PROXMOX_SECRET=\"$(cat '" + file + "')\" ./ballast ")
                    .contains("--ballast.proxmox.allow-plain-http=true").doesNotContain("--ballast.proxmox.secret");
            assertThat(java.nio.file.Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(
                    java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                    java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
            // what the printed line hands Ballast is what the fake accepts
            String fromFile = java.nio.file.Files.readString(file).strip();
            ProxmoxProperties p = ProxmoxProperties.of(s.pve().url(), FakePve.TOKEN_ID, fromFile).withPlainHttp(true);
            assertThat(new PveObserver(new PveClient(p)).observe().onlineMembers()).containsExactly("pve1", "pve2");
        }
        assertThat(file).doesNotExist();
        try (FakePveCli.Session again = FakePveCli.start(0, 1, 0)) {
            assertThat(again.pve().secret()).as("a new secret every run").isNotEqualTo(secret);
        }
    }

    @Test
    void runServesUntilQuitAndPrintsNoSecret() throws Exception {
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        java.io.InputStream in = new java.io.ByteArrayInputStream("guests\nquit\n".getBytes());

        int code = FakePveCli.run(new String[] {"--port", "0", "--guests", "1"}, in,
                new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8));

        String out = buf.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(code).isZero();
        assertThat(out).contains("qemu/100 pve1 running");
        assertThat(out).containsPattern("BALLAST_PROXMOX_SECRET=\"\\$\\(cat '[^']+\\.secret'\\)\"")
                .doesNotContainPattern("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    }
}
