package io.ballast.planner.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchInputTest {

    private static Path example() throws Exception {
        return Path.of(BenchInputTest.class.getResource("/bench/small-cluster.json").toURI());
    }

    @Test
    void readsNodesGuestsAndRules() throws Exception {
        BenchCli.Cluster cluster = SnapshotReader.read(example());
        assertThat(cluster.nodes()).extracting(n -> n.name()).containsExactly("pve1", "pve2", "pve3");
        assertThat(cluster.guests()).hasSize(6);
        BenchCli.Guest pinned = cluster.guests().stream().filter(g -> g.id().equals("vm:104")).findFirst().orElseThrow();
        assertThat(pinned.allowed()).isEqualTo(Map.of("pve1", 2));
        assertThat(cluster.separate()).singleElement()
                .satisfies(p -> assertThat(p.a() + "," + p.b()).isEqualTo("vm:101,vm:102"));
    }

    @Test
    void rebalancingTheSnapshotLowersImbalanceAndKeepsThePinnedGuest() throws Exception {
        BenchCli.Cluster cluster = SnapshotReader.read(example());
        BenchCli.Outcome greedy = BenchCli.greedy(cluster, io.ballast.planner.rebalance.RebalanceMethod.BRUTEFORCE);
        assertThat(greedy.after()).isLessThan(greedy.before());
        assertThat(greedy.migrations()).isPositive();
        BenchCli.Outcome plan = BenchCli.plan(cluster, null);
        assertThat(plan.after()).isLessThanOrEqualTo(plan.before());
    }

    @Test
    void theCommandRunsOnTheSnapshot() throws Exception {
        assertThat(BenchCli.run(new String[] {"rebalance", "--input", example().toString(), "--json"})).isZero();
    }

    @Test
    void badSnapshotsNameThePathAndReason(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("s.json");
        Files.writeString(f, "{\"nodes\": [{\"name\": \"a\", \"maxcpu\": 4, \"maxmem\": 1}, {\"name\": \"b\", \"maxcpu\": 4, \"maxmem\": 1}],"
                + " \"guests\": [{\"sid\": \"vm:1\", \"node\": \"c\", \"maxcpu\": 1, \"maxmem\": 1}]}");
        assertThatThrownBy(() -> SnapshotReader.read(f)).hasMessage("guests[0].node: unknown node 'c'");
        Files.writeString(f, "{\"nodes\": [], \"guests\": []}");
        assertThatThrownBy(() -> SnapshotReader.read(f)).hasMessage("nodes: at least 2 nodes are needed");
        Files.writeString(f, "{not json");
        assertThatThrownBy(() -> SnapshotReader.read(f)).hasMessageContaining("not valid JSON");
        assertThat(BenchCli.run(new String[] {"rebalance", "--input", f.toString()})).isEqualTo(2);
    }
}
