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
        m.put("ballast.proxmox.migration.with-local-disks", "false");
        m.put("ballast.proxmox.migration.target-storage", "local-zfs");
        m.put("ballast.proxmox.migration.guests.[vm:100].with-local-disks", "true");
        m.put("ballast.proxmox.migration.guests.[ct:101].target-storage", "local-lvm");
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
        assertThat(p.migration().withLocalDisks("vm:102")).isFalse();
        assertThat(p.migration().withLocalDisks("vm:100")).isTrue();
        assertThat(p.migration().targetStorage("vm:100")).isEqualTo("local-zfs");
        assertThat(p.migration().targetStorage("ct:101")).isEqualTo("local-lvm");
        assertThat(p.retryBackoff()).isEqualTo(Duration.ofMillis(500));
        assertThat(p.fencing().policy()).isEqualTo("both");
        assertThat(p.fencing().selfFenceDelay()).isEqualTo(Duration.ofSeconds(240));
        assertThat(p.fencing().command()).containsExactly("/usr/local/sbin/ballast-fence", "--action=off");
        assertThat(p.recoveryCommand()).containsExactly("ssh", "root@pve-admin");
        assertThat(Fencer.of(p.fencing())).isInstanceOf(CombinedFencer.class);
    }

    @Test
    void quorumFencingWithARecoveryCommandIsRefusedUnlessTheWatchdogIsStatedArmed() {
        Map<String, String> m = new java.util.HashMap<>(Map.of("ballast.proxmox.url", "https://pve1:8006",
                "ballast.proxmox.recovery-command[0]", "/usr/local/sbin/move-config"));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> bind(m).checkRecoverySafety())
                .hasMessageContaining("ballast.proxmox.fencing.policy: 'quorum' with a recovery-command")
                .hasMessageContaining("would run twice").hasMessageContaining("watchdog-armed=true");
        m.put("ballast.proxmox.fencing.policy", "either");
        m.put("ballast.proxmox.fencing.command[0]", "/usr/local/sbin/fence");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> bind(m).checkRecoverySafety())
                .hasMessageContaining("'either'");

        for (String safe : List.of("command", "both", "operator")) {
            m.put("ballast.proxmox.fencing.policy", safe);
            bind(m).checkRecoverySafety();
        }
        m.put("ballast.proxmox.fencing.policy", "quorum");
        m.put("ballast.proxmox.fencing.watchdog-armed", "true");
        bind(m).checkRecoverySafety();
        // without a recovery command no guest config can move: nothing can run twice
        bind(Map.of("ballast.proxmox.url", "https://pve1:8006")).checkRecoverySafety();
    }

    @Test
    void defaults() {
        ProxmoxProperties p = bind(Map.of("ballast.proxmox.url", "https://pve1:8006"));

        assertThat(p.maxWorkers()).isEqualTo(4);
        assertThat(p.retries()).isEqualTo(3);
        assertThat(p.fencing().policy()).isEqualTo("quorum");
        assertThat(p.fencing().selfFenceDelay()).isEqualTo(Duration.ofSeconds(180));
        assertThat(p.shutdownTimeout()).isEqualTo(Duration.ofSeconds(180));
        assertThat(p.recoveryCommand()).isEqualTo(List.of());
    }

    @Test
    void fingerprintTakesAListOrCommaSeparatedPins() {
        String a = "AB:".repeat(31) + "AB";
        String b = "CD:".repeat(31) + "CD";
        String c = "EF:".repeat(31) + "EF";
        Map<String, String> m = new LinkedHashMap<>();
        m.put("ballast.proxmox.url", "https://pve1:8006");
        m.put("ballast.proxmox.fingerprint[0]", a);
        m.put("ballast.proxmox.fingerprint[1]", b + "," + c);

        assertThat(bind(m).fingerprint()).containsExactly(a, b, c);
        assertThat(bind(Map.of("ballast.proxmox.url", "https://pve1:8006", "ballast.proxmox.fingerprint", a + ", " + b))
                .fingerprint()).containsExactly(a, b);
        assertThat(bind(Map.of("ballast.proxmox.url", "https://pve1:8006")).fingerprint()).isEmpty();
    }

    @Test
    void plainHttpIsRefusedUnlessAllowedAndThenOnlyForLoopback() {
        ProxmoxProperties http = ProxmoxProperties.of("http://127.0.0.1:18006", "a@pve!b", "s");
        org.assertj.core.api.Assertions.assertThatThrownBy(http::validate)
                .hasMessageStartingWith("ballast.proxmox.url: 'http://127.0.0.1:18006' would send the API token in "
                        + "clear; use https://");
        for (String ok : List.of("http://127.0.0.1:18006", "http://127.4.5.6:8006", "http://localhost:18006",
                "http://[::1]:18006")) {
            ProxmoxProperties.of(ok, "a@pve!b", "s").withPlainHttp(true).validate();
        }
        for (String bad : List.of("http://10.0.0.1:8006", "http://pve1.example.org:8006", "http://128.0.0.1:8006",
                "http://[::2]:8006", "http://localhost.example.org:8006", "https://pve1:8006,http://10.0.0.2:8006")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ProxmoxProperties.of(bad, "a@pve!b", "s")
                    .withPlainHttp(true).validate())
                    .as(bad).hasMessageStartingWith("ballast.proxmox.allow-plain-http: allows only loopback addresses");
        }
        assertThat(bind(Map.of("ballast.proxmox.url", "http://127.0.0.1:1", "ballast.proxmox.allow-plain-http",
                "true")).allowPlainHttp()).isTrue();
    }

    @Test
    void observationLimitsBindAndAreChecked() {
        ProxmoxProperties p = bind(Map.of("ballast.proxmox.url", "https://pve1:8006",
                "ballast.proxmox.observe-timeout", "2s", "ballast.proxmox.observe-budget", "8s"));
        assertThat(p.observeTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(p.observeBudget()).isEqualTo(Duration.ofSeconds(8));
        assertThat(bind(Map.of("ballast.proxmox.url", "https://pve1:8006")).observeBudget())
                .isEqualTo(Duration.ofSeconds(20));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ProxmoxProperties.of("https://pve1", "a@pve!b", "s")
                .withObservation(Duration.ofSeconds(5), Duration.ofSeconds(1)))
                .hasMessageStartingWith("ballast.proxmox.observe-budget:");
    }
}
