package io.ballast.sim.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConformanceCliTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return ConformanceCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void missingDirectoryIsAUsageError() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("missing case directory");
        assertThat(run("/nonexistent/cases")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("not a directory");
    }

    @Test
    void aBrokenCaseIsCountedAsFailedAndTheRunGoesOn(@TempDir Path dir) throws Exception {
        Path broken = Files.createDirectories(dir.resolve("broken-case"));
        Files.writeString(broken.resolve("log.expect"), "info      0     hardware: starting simulation\n");
        Files.writeString(broken.resolve("cmdlist"), "this is not json");
        assertThat(run(dir.toString())).isZero();
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("broken-case").contains("L1 FAIL L2 FAIL");
        assertThat(text.strip()).endsWith("conformance: L1 0/1, L2 0/1");
    }

    @Test
    void runsTheSelectedKitCasesAndPrintsTheSummary() {
        Path cases = Path.of(System.getProperty("ballast.conformance.dir", "../../shared/conformance"), "cases");
        assumeTrue(Files.isDirectory(cases), "conformance kit not found at " + cases.toAbsolutePath());
        assertThat(run(cases.toString(), "--only", "test-basic1")).isZero();
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("test-basic1").contains("L1 pass L2 pass");
        assertThat(text.strip()).endsWith("conformance: L1 1/1, L2 1/1");
    }
}
