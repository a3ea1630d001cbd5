package io.ballast.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clusters beyond Proxmox's simulator limit (29 nodes) run: 64 nodes take turns in 128 s rounds, and the
 * watchdog and lock timeouts keep Proxmox's proportions, so no healthy node is reset.
 */
class LargeClusterTest {

    @Test
    void sixtyFourNodesStartEveryGuestAndNoWatchdogFires(@TempDir Path dir) throws Exception {
        StringBuilder hw = new StringBuilder("{");
        StringBuilder power = new StringBuilder("[[");
        for (int n = 1; n <= 64; n++) {
            String name = String.format("node%02d", n);
            hw.append(n > 1 ? "," : "").append('"').append(name).append("\": {\"power\": \"off\", \"network\": \"off\"}");
            power.append(n > 1 ? "," : "").append("\"power ").append(name).append(" on\"");
        }
        StringBuilder services = new StringBuilder("{");
        for (int g = 0; g < 256; g++) {
            services.append(g > 0 ? "," : "").append("\"vm:").append(1000 + g).append("\": {\"node\": \"")
                    .append(String.format("node%02d", g % 64 + 1)).append("\", \"state\": \"started\"}");
        }
        Files.writeString(dir.resolve("hardware_status"), hw.append('}'));
        Files.writeString(dir.resolve("cmdlist"), power.append("], []]"));
        Files.writeString(dir.resolve("service_config"), services.append('}'));
        Files.writeString(dir.resolve("manager_status"), "{}");

        SimulationResult r = Simulation.run(dir);
        assertThat(r.completed()).as(r.error()).isTrue();
        assertThat(r.logLines()).noneMatch(l -> l.contains("watchdog"));
        assertThat(r.managerStatus().serviceStatus()).hasSize(256)
                .allSatisfy((sid, s) -> assertThat(s.state().key()).isEqualTo("started"));
        assertThat(r.logLines().stream().filter(l -> l.contains("lrm: starting service"))).hasSize(256);
    }

    @Test
    void moreThanTheLimitIsRefusedByName(@TempDir Path dir) throws Exception {
        StringBuilder hw = new StringBuilder("{");
        for (int n = 1; n <= CaseLoader.MAX_NODES + 1; n++) {
            hw.append(n > 1 ? "," : "").append("\"n").append(n).append("\": {\"power\": \"off\", \"network\": \"off\"}");
        }
        Files.writeString(dir.resolve("hardware_status"), hw.append('}'));
        Files.writeString(dir.resolve("cmdlist"), "[[]]");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CaseLoader.load(dir))
                .hasMessageContaining("at most " + CaseLoader.MAX_NODES);
    }
}
