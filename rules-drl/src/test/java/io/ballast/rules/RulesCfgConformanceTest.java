package io.ballast.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import io.ballast.rules.config.RuleSet;
import io.ballast.rules.pve.CompiledConfigView;
import io.ballast.rules.pve.PveJson;
import io.ballast.rules.pve.RulesCfgParser;

/**
 * Runs every rules_cfgs/*.cfg of the conformance kit through the checker and through {@code rules check}; the
 * printed output must equal the .expect file (all three sections, digest included) once the Ballast-only
 * "Warning for rule" lines are left out.
 */
class RulesCfgConformanceTest {

    private static final List<String> NODES = List.of("node1", "node2", "node3");

    @TestFactory
    Stream<DynamicTest> logSectionMatchesProxmox() throws IOException {
        Path dir = Path.of(System.getProperty("ballast.conformance.dir", "../shared/conformance"), "rules_cfgs");
        assumeTrue(Files.isDirectory(dir), "conformance kit not found at " + dir.toAbsolutePath()
                + " (set -Dballast.conformance.dir)");
        List<Path> cfgs;
        try (Stream<Path> files = Files.list(dir)) {
            cfgs = files.filter(p -> p.toString().endsWith(".cfg")).sorted().toList();
        }
        assertThat(cfgs).isNotEmpty();
        return cfgs.stream().map(cfg -> DynamicTest.dynamicTest(cfg.getFileName().toString(), () -> {
            String expect = Files.readString(Path.of(cfg + ".expect"));
            String expectedLog = expect.substring(expect.indexOf("--- Log ---\n") + 12, expect.indexOf("--- Config ---"));
            RuleSet rules = RulesCfgParser.parse(cfg.getFileName().toString(), Files.readString(cfg));
            RuleCheckResult result = RuleCheckers.defaultChecker().check(rules, NODES, List.of());
            StringBuilder log = new StringBuilder();
            result.dropped().forEach(d -> log.append("Drop rule '").append(d.ruleId()).append("', because ")
                    .append(d.reason()).append(".\n"));
            assertThat(log.toString()).isEqualTo(expectedLog);
            String digestLine = expect.lines().filter(l -> l.contains("\"digest\" : ")).findFirst().orElseThrow();
            assertThat(digestLine).contains(io.ballast.rules.cli.RulesCliAccess.sha1(Files.readAllBytes(cfg)));
            String expectedCompiled = expect.substring(expect.indexOf("--- Compiled Config ---\n") + 24).strip();
            assertThat(PveJson.print(CompiledConfigView.of(result.compiled()))).isEqualTo(expectedCompiled);

            String printed = io.ballast.rules.cli.RulesCliAccess.check(cfg).lines()
                    .filter(l -> !l.startsWith("Warning for rule ")).collect(java.util.stream.Collectors.joining("\n"));
            assertThat(printed).isEqualTo(expect.strip());
        }));
    }
}
