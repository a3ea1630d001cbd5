package io.ballast.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code bench round} runs manager rounds on a generated cluster and prints its figures; bad options exit 2. */
class RoundBenchTest {

    @Test
    void jsonIsOneLineWithTheRoundTimePhasesAndPeakHeap() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = RoundBench.run(new String[] {"--nodes", "4", "--guests", "40", "--rounds", "5", "--json"},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        String text = out.toString(StandardCharsets.UTF_8).strip();
        assertThat(rc).isZero();
        assertThat(text.lines()).hasSize(1);
        assertThat(text).matches("\\{\"round_ms\": \\d+, \"phases\": \\{\"nodes\": \\d+, \"rules\": \\d+, \"commands\": \\d+, "
                + "\"rebalancing\": \\d+, \"selection\": \\d+, \"persistence\": \\d+}, \"peak_heap_bytes\": [1-9]\\d*, "
                + "\"nodes\": 4, \"guests\": 40, \"rounds\": 5}");
    }

    @Test
    void theTableShowsEveryRoundAndTheEvacuationDecisions() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = RoundBench.run(new String[] {"--nodes", "4", "--guests", "40", "--rounds", "6"},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(rc).isZero();
        assertThat(text).contains("round 4 puts node002 into maintenance").containsPattern("(?m)^\\s+6\\s+\\d+")
                .containsPattern("round_ms \\(median of rounds 2-6\\): \\d+; peak heap: \\d+ MiB");
    }

    @Test
    void badOptionsExitTwo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(RoundBench.run(new String[] {"--nodes", "x"}, System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8))).isEqualTo(2);
        assertThat(RoundBench.run(new String[] {"--rounds", "1"}, System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("bench round:");
    }
}
