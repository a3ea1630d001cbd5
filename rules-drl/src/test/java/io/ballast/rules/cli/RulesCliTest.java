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
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("ballast rules bench: --nodes must be at least 2, got 1\nusage: ballast rules bench");
    }

    private static int run(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
        return RulesCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpOfEveryRulesCommandExitsZeroAndDescribesTheOptions() {
        for (String[] args : new String[][] {{"--help"}, {"check", "--help"}, {"bench", "-h"}, {"bench", "--resources",
                "abc", "--help"}}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertThat(run(out, err, args)).as(String.join(" ", args)).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("usage: ballast rules").contains("--nodes");
            // help runs nothing: no progress line of the bench
            assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        }
    }

    @Test
    void badCommandLinesAreRefusedInOneStyleWithExitTwo() {
        String[][] cases = {{"bench", "--nodes", "abc"}, {"bench", "--frobnicate"}, {"check", "--nodes"}, {"check"},
            {"frob"}};
        String[] messages = {"ballast rules bench: --nodes must be a whole number, got abc",
            "ballast rules bench: unknown option '--frobnicate'", "ballast rules check: --nodes needs a value",
            "ballast rules check: missing <rules.cfg>", "ballast rules: unknown rules command 'frob'"};
        for (int i = 0; i < cases.length; i++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertThat(run(out, err, cases[i])).as(String.join(" ", cases[i])).isEqualTo(2);
            String text = err.toString(StandardCharsets.UTF_8);
            assertThat(text).startsWith(messages[i] + "\n").contains("usage: ballast rules").contains("--help")
                    .doesNotContain("Exception", "For input string");
            assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        }
    }

    @Test
    void benchReportsEachPhaseOnStderrAsItStarts() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(run(out, err, "bench", "--resources", "30", "--nodes", "3")).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(
                "rules bench: loading the rule base ...",
                "rules bench: checking 3 rules on 30 resources, 3 nodes (3 warm-up + 5 timed checks) ...",
                "rules bench: placement evaluation of 30 units (warm-up and one timed full session) ...",
                "rules bench: 7 incremental rounds ...");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("rule check:").doesNotContain("rules bench:");
    }
}
