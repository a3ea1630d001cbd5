package io.ballast.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ballast.conformance.CaseResult;
import io.ballast.conformance.ConformanceRunner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Runs every Proxmox regression case of the conformance kit on the simulated cluster and fails on any
 * regression against {@code src/test/resources/conformance/expected-passes.txt} (one {@code <case> L1|L2}
 * per line). A case that passes without being listed is reported, not failed. Regenerate the list after an
 * improvement with {@code mvn -B verify -pl e2e -am -Dtest=ConformanceRegressionTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dballast.conformance.update=true}.
 * The kit is read from {@code ballast.conformance.dir}; the test is skipped when it is absent.
 */
class ConformanceRegressionTest {

    private static final String EXPECTED = "/conformance/expected-passes.txt";

    @Test
    void noKitCaseRegresses() throws IOException {
        Path cases = Path.of(System.getProperty("ballast.conformance.dir", "../../shared/conformance"), "cases");
        assumeTrue(Files.isDirectory(cases), "conformance kit not found at " + cases.toAbsolutePath()
                + " (set -Dballast.conformance.dir); skipping the conformance regression test");

        TreeSet<String> passes = new TreeSet<>();
        List<CaseResult> results = new ArrayList<>();
        for (Path c : ConformanceRunner.caseDirs(cases)) {
            CaseResult r = ConformanceRunner.run(c);
            results.add(r);
            if (r.l1()) {
                passes.add(r.name() + " L1");
            }
            if (r.l2()) {
                passes.add(r.name() + " L2");
            }
        }
        long l1 = results.stream().filter(CaseResult::l1).count();
        long l2 = results.stream().filter(CaseResult::l2).count();
        System.out.printf("conformance: L1 %d/%d, L2 %d/%d%n", l1, results.size(), l2, results.size());

        if (Boolean.getBoolean("ballast.conformance.update")) {
            Path file = Path.of(System.getProperty("ballast.e2e.resources", "../src/test/resources"), EXPECTED.substring(1));
            Files.writeString(file, "# <case> <level> that must keep passing (regenerate: see ConformanceRegressionTest)\n"
                    + String.join("\n", passes) + "\n");
            System.out.println("wrote " + file.toAbsolutePath());
            return;
        }

        TreeSet<String> expected = expectedPasses();
        List<String> regressions = new ArrayList<>();
        for (String entry : expected) {
            if (!passes.contains(entry)) {
                String name = entry.substring(0, entry.indexOf(' '));
                String detail = results.stream().filter(r -> r.name().equals(name)).map(CaseResult::detail)
                        .findFirst().orElse("case no longer in the kit");
                regressions.add(entry + ": " + detail);
            }
        }
        TreeSet<String> newPasses = new TreeSet<>(passes);
        newPasses.removeAll(expected);
        if (!newPasses.isEmpty()) {
            System.out.println("newly passing (add them to expected-passes.txt): " + newPasses);
        }
        assertThat(regressions).as("conformance regressions").isEmpty();
    }

    private static TreeSet<String> expectedPasses() throws IOException {
        TreeSet<String> out = new TreeSet<>();
        try (InputStream in = ConformanceRegressionTest.class.getResourceAsStream(EXPECTED)) {
            assertThat(in).as(EXPECTED + " on the test classpath").isNotNull();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String t = line.strip();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    out.add(t);
                }
            }
        }
        return out;
    }
}
