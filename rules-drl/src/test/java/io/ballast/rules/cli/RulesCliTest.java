package io.ballast.rules.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesCliTest {

    @Test
    void printsThreeSectionsAndDropLog(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("rules.cfg");
        Files.writeString(cfg, "resource-affinity: lonely\n\tresources vm:1\n\taffinity negative\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = RulesCli.run(new String[] {"check", cfg.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err);
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(rc).isZero();
        assertThat(text).startsWith("--- Log ---\nDrop rule 'lonely', because rule is ineffective as there are less than two resources.\n--- Config ---\n")
                .contains("--- Compiled Config ---");
    }

    @Test
    void badInputNamesFileAndLine(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("bad.cfg");
        Files.writeString(cfg, "resource-affinity: r1\n\tresources vm:1,vm:2\n\taffinity sideways\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = RulesCli.run(new String[] {"check", cfg.toString()}, System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(rc).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("bad.cfg:1").contains("unknown affinity 'sideways'");
    }

    @Test
    void benchPrintsRuleCountAndTimingsForAGeneratedCluster() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = RulesCli.run(new String[] {"bench", "--resources", "60", "--nodes", "4"},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(rc).isZero();
        assertThat(text).containsPattern("DRL rules: \\d+").contains("rules: 6, resources: 60, nodes: 4")
                .containsPattern("placement evaluation, full: \\d+ ms \\(\\d+ ms CPU\\) for 60 units x 4 nodes")
                .containsPattern("placement evaluation, incremental round: \\d+ ms");
    }

    @Test
    void benchJsonIsOneLineWithTheFullAndIncrementalTimes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = RulesCli.run(new String[] {"bench", "--resources", "60", "--nodes", "4", "--json"},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        String text = out.toString(StandardCharsets.UTF_8).strip();
        assertThat(rc).isZero();
        assertThat(text.lines()).hasSize(1);
        assertThat(text).matches("\\{\"full_ms\": \\d+, \"incremental_ms\": \\d+, \"units\": 60, \"nodes\": 4, \"rules\": 6, \"full_cpu_ms\": \\d+, \"incremental_cpu_ms\": \\d+}");
    }

    @Test
    void benchRefusesBadSizes() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = RulesCli.run(new String[] {"bench", "--nodes", "1"}, System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(rc).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--nodes: out of range: 1");
    }
}
