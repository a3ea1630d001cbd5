package io.ballast.proxmox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandConfigMoverTest {

    @Test
    void fillsPlaceholdersAndReportsExitCode(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("args");
        Path script = dir.resolve("move.sh");
        Files.writeString(script, "#!/bin/sh\necho \"$@\" > " + out + "\n[ \"$3\" != fail ]\n");
        script.toFile().setExecutable(true);
        CommandConfigMover mover = new CommandConfigMover(List.of(script.toString(),
                "/etc/pve/nodes/{from}/{dir}/{vmid}.conf", "/etc/pve/nodes/{to}/{dir}/", "{type}"),
                Duration.ofSeconds(10));

        assertThat(mover.move("lxc", 101, "pve2", "pve3").ok()).isTrue();
        assertThat(Files.readString(out).strip())
                .isEqualTo("/etc/pve/nodes/pve2/lxc/101.conf /etc/pve/nodes/pve3/lxc/ lxc");
        assertThat(mover.move("qemu", 100, "pve2", "pve1").ok()).isTrue();
        assertThat(Files.readString(out).strip())
                .isEqualTo("/etc/pve/nodes/pve2/qemu-server/100.conf /etc/pve/nodes/pve1/qemu-server/ qemu");

        CommandConfigMover failing = new CommandConfigMover(List.of(script.toString(), "a", "b", "fail"),
                Duration.ofSeconds(10));
        assertThat(failing.move("qemu", 100, "pve2", "pve1").ok()).isFalse();
    }

    @Test
    void reportsTheOutputOfAFailureAndRunsTheUnlockCommand(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("cmd.sh");
        Files.writeString(script, "#!/bin/sh\necho \"ran $*\"\necho 'ssh: connect to host pve3: refused' >&2\n"
                + "[ \"$1\" = unlock ]\n");
        script.toFile().setExecutable(true);
        CommandConfigMover mover = new CommandConfigMover(List.of(script.toString(), "move", "{vmid}"),
                List.of(script.toString(), "unlock", "{tool}", "{vmid}", "{to}", "{lock}"), Duration.ofSeconds(10));

        GuestConfigMover.Result moved = mover.move("qemu", 100, "pve2", "pve3");
        assertThat(moved.ok()).isFalse();
        assertThat(moved.output()).startsWith("exit 1: ").contains("ran move 100").contains("refused");

        GuestConfigMover.Result unlocked = mover.unlock("lxc", 101, "pve3", "backup");
        assertThat(unlocked.ok()).isTrue();
        assertThat(unlocked.output()).contains("ran unlock pct 101 pve3 backup");
        assertThat(new CommandConfigMover(List.of("true"), Duration.ofSeconds(1)).unlock("qemu", 1, "a", "b").ok())
                .isFalse();
    }
}
