package io.ballast.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ballast.sim.cli.SimulateCliAccess;

class CaseLoaderTest {

    @TempDir
    Path dir;

    private void write(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text);
    }

    private void minimalCase() throws IOException {
        write("hardware_status", "{\"node1\": {\"power\": \"off\", \"network\": \"off\"},"
                + " \"node2\": {\"power\": \"off\", \"network\": \"off\"}}");
        write("service_config", "{\"vm:101\": {\"node\": \"node1\"}, \"ct:102\": {\"node\": \"node2\", \"state\": \"enabled\","
                + " \"max_restart\": \"0\", \"max_relocate\": 2, \"failback\": 0}}");
        write("manager_status", "{}");
        write("cmdlist", "[[\"power node1 on\", \"power node2 on\"], [], [\"service vm:101 started\"]]");
    }

    @Test
    void appliesTheSimulatorDefaultsAndReadsNumbersLeniently() throws IOException {
        minimalCase();

        SimCase c = CaseLoader.load(dir);

        assertThat(c.nodes()).containsOnlyKeys("node1", "node2");
        assertThat(c.services().get("vm:101").state()).isEqualTo("disabled");
        assertThat(c.services().get("vm:101").maxRestart()).isEqualTo(1);
        assertThat(c.services().get("vm:101").failback()).isTrue();
        var ct = c.services().get("ct:102");
        assertThat(ct.state()).isEqualTo("started");
        assertThat(ct.maxRestart()).isZero();
        assertThat(ct.maxRelocate()).isEqualTo(2);
        assertThat(ct.failback()).isFalse();
        assertThat(c.cmdlist()).hasSize(3);
        assertThat(c.cmdlist().get(1)).isEmpty();
        assertThat(c.shutdownPolicy()).isEqualTo("conditional");
        assertThat(c.crs().mode()).isEqualTo("basic");
        assertThat(c.staticStats()).isNull();
    }

    @Test
    void readsDatacenterSettingsAsJson() throws IOException {
        minimalCase();
        write("datacenter.cfg", "{\"crs\": {\"ha\": \"static\", \"ha-rebalance-on-start\": 1},"
                + " \"ha\": {\"shutdown_policy\": \"migrate\"}}");

        SimCase c = CaseLoader.load(dir);

        assertThat(c.crs().mode()).isEqualTo("static");
        assertThat(c.crs().rebalanceOnStart()).isTrue();
        assertThat(c.shutdownPolicy()).isEqualTo("migrate");
    }

    @Test
    void namesTheFileAndReasonOfBadInput() throws IOException {
        minimalCase();
        write("hardware_status", "{\"node1\": ");
        assertThatThrownBy(() -> CaseLoader.load(dir)).isInstanceOf(CaseLoadException.class)
                .hasMessageContaining("hardware_status").hasMessageContaining("invalid JSON");

        minimalCase();
        write("cmdlist", "[[\"power node9 on\"]]");
        assertThatThrownBy(() -> CaseLoader.load(dir))
                .hasMessageContaining("cmdlist").hasMessageContaining("no such node 'node9'");

        minimalCase();
        write("cmdlist", "[[\"power node1 on\"], [\"service vm:101 stop\"]]");
        assertThatThrownBy(() -> CaseLoader.load(dir))
                .hasMessageContaining("cmdlist: step 1: bad command 'service vm:101 stop'");

        minimalCase();
        write("service_config", "{\"vm:101\": {\"state\": \"started\"}}");
        assertThatThrownBy(() -> CaseLoader.load(dir))
                .hasMessageContaining("service_config").hasMessageContaining("without assigned node");

        minimalCase();
        write("rules_config", "node-affinity: r1\n\tresources vm:101\n\tnodes node1:x\n");
        assertThatThrownBy(() -> CaseLoader.load(dir))
                .hasMessageStartingWith(dir.resolve("rules_config") + ":")
                .hasMessageContaining("rule 'r1': invalid priority 'x' for node 'node1'");

        Files.delete(dir.resolve("rules_config"));
        minimalCase();
        Files.delete(dir.resolve("cmdlist"));
        assertThatThrownBy(() -> CaseLoader.load(dir)).hasMessageContaining("cmdlist").hasMessageContaining("missing");

        assertThatThrownBy(() -> CaseLoader.load(dir.resolve("nope"))).hasMessageContaining("not a directory");
    }

    @Test
    void simulateCommandExitsWith2AndNamesTheFileForABadCase() throws IOException {
        minimalCase();
        write("manager_status", "[]");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = SimulateCliAccess.run(dir.toString(), new PrintStream(out), new PrintStream(err));

        assertThat(exit).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("manager_status").contains("must be a JSON object");
    }

    @Test
    void simulateCommandPrintsTheLogAndExits0() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = SimulateCliAccess.run(SimTestSupport.caseDir("time-delay").toString(), new PrintStream(out),
                new PrintStream(err));

        assertThat(exit).isZero();
        String log = out.toString(StandardCharsets.UTF_8);
        assertThat(log).startsWith("info      0     hardware: starting simulation\n")
                .endsWith("info   1200     hardware: exit simulation - done\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
