package io.ballast.sim;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.ballast.core.RoundInput;
import io.ballast.core.RoundOutput;

/** Helpers for the simulator tests: hand-made cases, log parsing and a scripted manager. */
final class SimTestSupport {

    private static final Pattern LINE = Pattern.compile("^(\\S+)\\s+(\\d+)\\s+(\\S+): (.*)$");

    private SimTestSupport() {
    }

    static Path caseDir(String name) {
        try {
            return Path.of(SimTestSupport.class.getResource("/sim-cases/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test case " + name, e);
        }
    }

    /** One parsed log line. */
    record Line(String level, long time, String source, String message) {

        static Line parse(String raw) {
            Matcher m = LINE.matcher(raw);
            if (!m.matches()) {
                throw new IllegalArgumentException("not a log line: " + raw);
            }
            return new Line(m.group(1), Long.parseLong(m.group(2)), m.group(3), m.group(4));
        }
    }

    static List<Line> lines(SimulationResult r) {
        return r.logLines().stream().map(Line::parse).toList();
    }

    /** Times of the lines with this source and message, in file order. */
    static List<Long> times(SimulationResult r, String source, String message) {
        return lines(r).stream().filter(l -> l.source().equals(source) && l.message().equals(message))
                .map(Line::time).toList();
    }

    /**
     * A manager that keeps the persisted status exactly as it is (so the agents act on the seeded requests)
     * and records every round input it sees.
     */
    static final class KeepStatusManager implements Supplier<ManagerRound> {
        final List<RoundInput> inputs = new ArrayList<>();

        @Override
        public ManagerRound get() {
            return input -> {
                inputs.add(input);
                return new RoundOutput(input.previous(), List.of(), List.of(), List.of());
            };
        }

        RoundInput at(long now) {
            return inputs.stream().filter(i -> i.now() == now).findFirst()
                    .orElseThrow(() -> new AssertionError("no manager round at " + now));
        }
    }
}
