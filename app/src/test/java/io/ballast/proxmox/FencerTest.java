package io.ballast.proxmox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FencerTest {

    @Test
    void quorumLossConfirmsOnlyAfterDelayAndOnlyWithQuorum() {
        Fencer f = Fencer.of(ProxmoxProperties.Fencing.DEFAULTS);

        assertThat(f.confirm("pve2", 179, true)).isFalse();
        assertThat(f.confirm("pve2", 180, true)).isTrue();
        assertThat(f.confirm("pve2", 1000, false)).isFalse();
    }

    @Test
    void commandFencerPassesNodeNameAndSucceedsOnlyOnExitZero(@TempDir Path dir) throws Exception {
        Path seen = dir.resolve("seen");
        Path script = dir.resolve("fence.sh");
        Files.writeString(script, "#!/bin/sh\necho \"$1 $2\" >> " + seen + "\n[ \"$2\" = pve2 ]\n");
        script.toFile().setExecutable(true);
        CommandFencer f = new CommandFencer(List.of(script.toString(), "--action=off"), Duration.ofSeconds(10));

        assertThat(f.confirm("pve3", 0, true)).isFalse();
        assertThat(f.confirm("pve2", 0, true)).isTrue();
        // confirmed once: not run again until the node rejoins
        assertThat(f.confirm("pve2", 10, true)).isTrue();
        assertThat(Files.readAllLines(seen)).containsExactly("--action=off pve3", "--action=off pve2");
        f.rejoined("pve2");
        assertThat(f.confirm("pve2", 0, false)).as("never without quorum").isFalse();
    }

    @Test
    void commandFencerTimesOut(@TempDir Path dir) throws Exception {
        // the command would exit 0 after 5 s: false means it was cut off at the timeout
        CommandFencer f = new CommandFencer(List.of("sh", "-c", "sleep 5; exit 0"), Duration.ofMillis(200));

        assertThat(f.confirm("pve2", 0, true)).isFalse();
    }

    @Test
    void combinedPolicies() {
        Fencer yes = (n, s, q) -> true;
        Fencer no = (n, s, q) -> false;

        assertThat(new CombinedFencer(true, yes, no).confirm("a", 0, true)).isFalse();
        assertThat(new CombinedFencer(true, yes, yes).confirm("a", 0, true)).isTrue();
        assertThat(new CombinedFencer(false, no, yes).confirm("a", 0, true)).isTrue();
        assertThat(new CombinedFencer(false, no, no).confirm("a", 0, true)).isFalse();
    }

    @Test
    void policyNeedsCommandAndKnownName() {
        assertThatThrownBy(() -> new ProxmoxProperties.Fencing("both", null, null, null, false))
                .hasMessageStartingWith("ballast.proxmox.fencing.command:");
        assertThatThrownBy(() -> new ProxmoxProperties.Fencing("stonith", null, List.of("x"), null, false))
                .hasMessageStartingWith("ballast.proxmox.fencing.policy:");
    }
}
