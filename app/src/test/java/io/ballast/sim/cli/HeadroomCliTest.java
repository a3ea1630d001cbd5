package io.ballast.sim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class HeadroomCliTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return HeadroomCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String caseDir(String name) throws URISyntaxException {
        return Path.of(HeadroomCliTest.class.getResource("/sim-cases/" + name).toURI()).toString();
    }

    @Test
    void aStrictlyPinnedResourceIsWhatItsNodesFailureLeavesDown() throws Exception {
        int exit = run(caseDir("headroom-pinned"));

        String table = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(table + err).isEqualTo(1);
        List<String> rows = table.lines().toList();
        assertThat(rows).hasSize(5);
        assertThat(rows.get(1)).startsWith("node1").contains("vm:101");
        assertThat(rows.get(2)).startsWith("node2").doesNotContain("vm:");
        assertThat(rows.get(3)).matches("node3 +- .*"); // nothing lost (its stopped vm:104 stays in maintenance)
        assertThat(rows.get(4)).isEqualTo("N+1: no, the failure of node1 leaves HA resources down");
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonIsTheApisShapeAndMaintenanceListsWhatCannotLeave() throws Exception {
        int exit = run("--json", caseDir("headroom-pinned"));

        assertThat(exit).isEqualTo(1);
        Map<String, Object> report = JsonMapper.builder().build().readValue(out.toString(StandardCharsets.UTF_8), Map.class);
        assertThat(report.get("n_plus_1")).isEqualTo(false);
        assertThat(report.get("failures_not_survived")).isEqualTo(List.of("node1"));
        Map<String, Map<String, Map<String, Object>>> nodes = (Map<String, Map<String, Map<String, Object>>>) report.get("nodes");
        assertThat(nodes.get("node1").get("maintenance").get("not_moved")).isEqualTo(List.of("vm:101"));
        // node3's started guest is recovered elsewhere; its stopped one is not counted as down
        assertThat(nodes.get("node3").get("fail").get("not_recovered")).isEqualTo(List.of());
        assertThat(nodes.get("node3").get("fail").get("moves")).isEqualTo(2);
    }

    @Test
    void aClusterThatSurvivesEveryFailureExitsZero() throws Exception {
        assertThat(run(caseDir("parallel-starts"))).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("N+1: yes");
    }

    @Test
    void helpStartsNothingAndBadArgumentsExitTwo() throws Exception {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith(HeadroomCli.USAGE);
        assertThat(run("--bogus")).isEqualTo(2);
        assertThat(run("/nonexistent/case")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("ballast headroom: unknown option '--bogus'")
                .contains("ballast headroom: /nonexistent/case");
    }
}
