package io.ballast.proxmox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The configuration block of docs/proxmox.md binds as documented; defaults apply when keys are missing. */
class ProxmoxPropertiesTest {

    private static ProxmoxProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bind("ballast.proxmox", ProxmoxProperties.class)
                .get();
    }

    @Test
    void documentedBlockBinds() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("ballast.proxmox.url", "https://pve1.example.org:8006");
        m.put("ballast.proxmox.token-id", "ballast@pve!ha");
        m.put("ballast.proxmox.secret", "s3cr3t");
        m.put("ballast.proxmox.fingerprint", "AB:".repeat(31) + "AB");
        m.put("ballast.proxmox.read-timeout", "30s");
        m.put("ballast.proxmox.retry-backoff", "500ms");
        m.put("ballast.proxmox.max-workers", "3");
        m.put("ballast.proxmox.max-migrations", "1");
        m.put("ballast.proxmox.with-local-disks", "true");
        m.put("ballast.proxmox.take-over-pve-ha", "false");
        m.put("ballast.proxmox.fencing.policy", "both");
        m.put("ballast.proxmox.fencing.self-fence-delay", "240s");
        m.put("ballast.proxmox.fencing.command[0]", "/usr/local/sbin/ballast-fence");
        m.put("ballast.proxmox.fencing.command[1]", "--action=off");
        m.put("ballast.proxmox.recovery-command[0]", "ssh");
        m.put("ballast.proxmox.recovery-command[1]", "root@pve-admin");

        ProxmoxProperties p = bind(m);
        p.validate();

        assertThat(p.maxWorkers()).isEqualTo(3);
        assertThat(p.maxMigrations()).isEqualTo(1);
        assertThat(p.withLocalDisks()).isTrue();
        assertThat(p.retryBackoff()).isEqualTo(Duration.ofMillis(500));
        assertThat(p.fencing().policy()).isEqualTo("both");
        assertThat(p.fencing().selfFenceDelay()).isEqualTo(Duration.ofSeconds(240));
        assertThat(p.fencing().command()).containsExactly("/usr/local/sbin/ballast-fence", "--action=off");
        assertThat(p.recoveryCommand()).containsExactly("ssh", "root@pve-admin");
        assertThat(Fencer.of(p.fencing())).isInstanceOf(CombinedFencer.class);
    }

    @Test
    void defaults() {
        ProxmoxProperties p = bind(Map.of("ballast.proxmox.url", "https://pve1:8006"));

        assertThat(p.maxWorkers()).isEqualTo(4);
        assertThat(p.retries()).isEqualTo(3);
        assertThat(p.takeOverPveHa()).isFalse();
        assertThat(p.fencing().policy()).isEqualTo("quorum");
        assertThat(p.fencing().selfFenceDelay()).isEqualTo(Duration.ofSeconds(180));
        assertThat(p.shutdownTimeout()).isEqualTo(Duration.ofSeconds(180));
        assertThat(p.recoveryCommand()).isEqualTo(List.of());
    }
}
