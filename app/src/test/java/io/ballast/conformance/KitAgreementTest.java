package io.ballast.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the Java comparison against the kit itself: every expected log passes against itself, and for
 * perturbed logs the Java verdict equals the verdict of the kit's own {@code compare.py} (when python3 is
 * installed). Reads the kit from {@code ballast.conformance.dir}; skipped when it is absent.
 */
class KitAgreementTest {

    @TempDir
    Path tmp;

    private static Path kit() {
        String dir = System.getProperty("ballast.conformance.dir", "../../shared/conformance");
        Path kit = Path.of(dir);
        assumeTrue(Files.isDirectory(kit.resolve("cases")),
                "conformance kit not found at " + kit.toAbsolutePath() + " (set -Dballast.conformance.dir)");
        return kit;
    }

    @Test
    void everyExpectedLogPassesAgainstItself() throws IOException {
        List<String> failures = new ArrayList<>();
        for (Path c : ConformanceRunner.caseDirs(kit().resolve("cases"))) {
            List<String> lines = Files.readAllLines(c.resolve("log.expect"));
            LogComparison cmp = LogComparison.compare(lines, lines, ConformanceRunner.seed(c));
            if (!cmp.l1() || !cmp.l2()) {
                failures.add(c.getFileName() + ": " + cmp.firstProblem());
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void perturbedLogsGetTheSameVerdictAsTheKitsComparer() throws Exception {
        Path kit = kit();
        assumeTrue(python3Available(), "python3 not installed: cross-check with compare.py skipped");
        int checked = 0;
        for (Path c : ConformanceRunner.caseDirs(kit.resolve("cases"))) {
            if (checked >= 12) {
                break;
            }
            List<String> expected = Files.readAllLines(c.resolve("log.expect"));
            List<String> mutated = perturb(expected, checked);
            if (mutated.equals(expected)) {
                continue;
            }
            Path produced = tmp.resolve(c.getFileName() + ".log");
            Files.write(produced, mutated);
            LogComparison cmp = LogComparison.compare(expected, mutated, ConformanceRunner.seed(c));
            String py = runCompare(kit, c, produced);
            assertThat(py).as("L1 verdict for %s", c.getFileName())
                    .contains("L1 final placement+state         " + (cmp.l1() ? "PASS" : "FAIL"));
            assertThat(py).as("L2 verdict for %s", c.getFileName())
                    .contains("L2 per-service transitions       " + (cmp.l2() ? "PASS" : "FAIL"));
            checked++;
        }
        assertThat(checked).isPositive();
    }

    // alternately drop one service state change, or rename the node of the last one
    private static List<String> perturb(List<String> lines, int variant) {
        List<String> out = new ArrayList<>(lines);
        List<Integer> changes = new ArrayList<>();
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).contains("/crm: service '") && out.get(i).contains("state changed from")) {
                changes.add(i);
            }
        }
        if (changes.isEmpty()) {
            return out;
        }
        if (variant % 2 == 0) {
            out.remove((int) changes.get(changes.size() / 2));
        } else {
            int last = changes.get(changes.size() - 1);
            out.set(last, out.get(last).replaceAll("\\(node = (\\S+)\\)", "(node = elsewhere)"));
            if (out.get(last).equals(lines.get(last))) {
                out.set(last, out.get(last) + "  (node = elsewhere)");
            }
        }
        return out;
    }

    private static boolean python3Available() {
        try {
            Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static String runCompare(Path kit, Path caseDir, Path produced) throws Exception {
        Process p = new ProcessBuilder("python3", kit.resolve("compare.py").toString(), caseDir.toString(),
                produced.toString(), "-q").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
