package io.ballast.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.ballast.sim.Simulation;
import io.ballast.sim.SimulationResult;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Ballast's own scenarios for the spec's [FIX] items (src/test/resources/scenarios, kit case layout).
 * Each scenario's {@code log.expect} is hand-written: the lines Ballast must log, in this order, as a
 * subsequence of the simulated log (level and time columns ignored, {@code *} matches anything);
 * {@code log.forbid} lists lines that must not appear. Scenarios named in {@code pending.txt} are
 * [FIX]es the core does not implement yet: they must still fail, so the list cannot go stale.
 */
class BallastScenariosTest {

    @TestFactory
    Stream<DynamicTest> scenarios() throws IOException {
        Path root = scenarioRoot();
        List<String> pending = pending(root);
        try (Stream<Path> dirs = Files.list(root)) {
            List<Path> cases = dirs.filter(Files::isDirectory).sorted().collect(Collectors.toList());
            assertFalse(cases.isEmpty(), "no scenarios under " + root);
            return cases.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
                String name = dir.getFileName().toString();
                Optional<String> problem = check(dir);
                if (pending.contains(name)) {
                    assertTrue(problem.isPresent(), name + " now passes: remove it from scenarios/pending.txt");
                    System.out.println("[pending FIX] " + name + ": " + problem.get());
                } else {
                    assertNull(problem.orElse(null), name);
                }
            })).collect(Collectors.toList()).stream();
        }
    }

    @Test
    void matcherFindsAnOrderedSubsequenceAndRejectsForbiddenLines() {
        List<String> log = List.of(
                "info     20    node1/crm: service 'vm:101': state changed from 'started' to 'migrate'  (node = node1, target = node2)",
                "info     40    node1/crm: service 'vm:101': state changed from 'migrate' to 'started'  (node = node2)");
        List<String> expectInOrder = List.of(
                "info      0    node1/crm: service 'vm:101': state changed from 'started' to 'migrate'  (node = *, target = node2)",
                "info      0    node1/crm: service 'vm:101': state changed from 'migrate' to 'started'  (node = node2)");
        assertEquals(Optional.empty(), firstMissing(expectInOrder, log));
        List<String> reversed = List.of(expectInOrder.get(1), expectInOrder.get(0));
        assertTrue(firstMissing(reversed, log).isPresent(), "order must matter");
        assertEquals(Optional.of("node1/crm: service 'vm:101': state changed from 'started' to 'migrate'*"),
                firstPresent(List.of("info 0 node1/crm: service 'vm:101': state changed from 'started' to 'migrate'*"), log));
        assertEquals(Optional.empty(), firstPresent(List.of("info 0 node1/crm: service 'vm:102': *"), log));
    }

    /** Runs one scenario; empty when Ballast did what log.expect / log.forbid ask, else the first problem. */
    static Optional<String> check(Path dir) throws IOException {
        SimulationResult result;
        try {
            result = Simulation.run(dir);
        } catch (RuntimeException e) {
            return Optional.of("simulation failed: " + e.getMessage());
        }
        if (!result.completed()) {
            return Optional.of("simulation stopped early: " + result.error());
        }
        List<String> log = result.logLines();
        Optional<String> missing = firstMissing(readLines(dir.resolve("log.expect")), log);
        if (missing.isPresent()) {
            return Optional.of("expected (in order) but not logged: " + missing.get());
        }
        Path forbid = dir.resolve("log.forbid");
        if (Files.exists(forbid)) {
            Optional<String> present = firstPresent(readLines(forbid), log);
            if (present.isPresent()) {
                return Optional.of("logged although forbidden: " + present.get());
            }
        }
        return Optional.empty();
    }

    static Optional<String> firstMissing(List<String> expected, List<String> log) {
        int at = 0;
        for (String line : expected) {
            Pattern p = pattern(line);
            while (at < log.size() && !p.matcher(body(log.get(at))).matches()) {
                at++;
            }
            if (at == log.size()) {
                return Optional.of(body(line));
            }
            at++;
        }
        return Optional.empty();
    }

    static Optional<String> firstPresent(List<String> forbidden, List<String> log) {
        for (String line : forbidden) {
            Pattern p = pattern(line);
            if (log.stream().map(BallastScenariosTest::body).anyMatch(l -> p.matcher(l).matches())) {
                return Optional.of(body(line));
            }
        }
        return Optional.empty();
    }

    /** "<level> <time> <who>: <message>" → "<who>: <message>" (the time of a fixed behaviour is not prescribed). */
    static String body(String line) {
        String[] parts = line.trim().split("\\s+", 3);
        return parts.length == 3 ? parts[2] : line.trim();
    }

    private static Pattern pattern(String expectedLine) {
        String[] pieces = body(expectedLine).split("\\*", -1);
        List<String> quoted = new ArrayList<>();
        for (String piece : pieces) {
            quoted.add(Pattern.quote(piece));
        }
        return Pattern.compile(String.join(".*", quoted));
    }

    private static List<String> readLines(Path file) throws IOException {
        return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).collect(Collectors.toList());
    }

    private static List<String> pending(Path root) throws IOException {
        return readLines(root.resolve("pending.txt")).stream()
                .map(String::trim).filter(l -> !l.startsWith("#")).collect(Collectors.toList());
    }

    private static Path scenarioRoot() {
        try {
            var url = BallastScenariosTest.class.getResource("/scenarios");
            if (url == null) {
                fail("scenarios missing from the test classpath");
            }
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
