package io.ballast.conformance;

import io.ballast.sim.Simulation;
import io.ballast.sim.SimulationResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs case directories (FORMAT.md §1) through the simulator and compares the produced log with each case's
 * {@code log.expect}. A case that throws is a failed case, never the end of the run.
 */
public final class ConformanceRunner {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ConformanceRunner() {
    }

    /** Case directories directly under {@code dir} (those holding a {@code log.expect}), sorted by name. */
    public static List<Path> caseDirs(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> Files.isRegularFile(p.resolve("log.expect"))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    public static CaseResult run(Path caseDir) {
        String name = caseDir.getFileName().toString();
        long start = System.nanoTime();
        try {
            List<String> expected = Files.readAllLines(caseDir.resolve("log.expect"));
            SimulationResult result = Simulation.run(caseDir);
            LogComparison cmp = LogComparison.compare(expected, result.logLines(), seed(caseDir));
            String detail = cmp.firstProblem();
            if (result.error() != null) {
                detail = detail.isEmpty() ? "stopped early: " + result.error() : detail;
            }
            return new CaseResult(name, cmp.l1(), cmp.l2(), detail, (System.nanoTime() - start) / 1_000_000);
        } catch (Exception | StackOverflowError e) {
            String message = e.getClass().getSimpleName() + ": " + e.getMessage();
            return new CaseResult(name, false, false, message, (System.nanoTime() - start) / 1_000_000);
        }
    }

    /** Initial service node/state from the case's {@code manager_status}, empty when absent or unreadable. */
    public static Map<String, ServiceTrace.Final> seed(Path caseDir) {
        Path file = caseDir.resolve("manager_status");
        Map<String, ServiceTrace.Final> seed = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return seed;
        }
        try {
            JsonNode services = JSON.readTree(Files.readString(file)).path("service_status");
            for (var entry : services.properties()) {
                JsonNode sd = entry.getValue();
                seed.put(entry.getKey(), new ServiceTrace.Final(text(sd, "state"), text(sd, "node")));
            }
        } catch (Exception e) {
            // an unreadable seed is treated like trace.py does: no seed
            seed.clear();
        }
        return seed;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }
}
