package io.ballast.planner.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    void keepTogetherRulesBecomeOneBundle(@TempDir Path dir) throws Exception {
        BenchCli.Cluster cluster = SnapshotReader.read(example());
        assertThat(cluster.together()).containsExactly(List.of("ct:105", "vm:103"));
        BenchCli.Bundle group = BenchCli.bundles(cluster).stream().filter(b -> b.id().equals("ct:105"))
                .findFirst().orElseThrow();
        assertThat(group.members()).containsExactly("ct:105", "vm:103");
        assertThat(group.cpu()).isEqualTo(6.0);
        assertThat(BenchCli.bundles(cluster)).noneMatch(b -> b.id().equals("vm:103"));
        Path f = dir.resolve("s.json");
        Files.writeString(f, "{\"nodes\": [{\"name\": \"a\", \"maxcpu\": 4, \"maxmem\": 1}, {\"name\": \"b\", \"maxcpu\": 4, \"maxmem\": 1}],"
                + " \"guests\": [{\"sid\": \"vm:1\", \"node\": \"a\", \"maxcpu\": 1, \"maxmem\": 1},"
                + " {\"sid\": \"vm:2\", \"node\": \"b\", \"maxcpu\": 1, \"maxmem\": 1}],"
                + " \"rules\": [{\"type\": \"resource-affinity\", \"affinity\": \"positive\", \"resources\": [\"vm:1\", \"vm:2\"]}]}");
        assertThatThrownBy(() -> SnapshotReader.read(f)).hasMessageContaining("rules[0].resources: keep-together guests run on different nodes");
    }

    @Test
    void generatedClusterIsSkewedWithRulesAndGreedyActs() {
        BenchCli.Cluster cluster = BenchCli.generate(8, 200, 3);
        assertThat(cluster.together()).isNotEmpty();
        assertThat(cluster.separate()).isNotEmpty();
        // Proxmox's 10 % margin: one guest of 170 on the hot node cannot improve the imbalance that much.
        assertThat(BenchCli.greedy(cluster, io.ballast.planner.rebalance.RebalanceMethod.BRUTEFORCE,
                new BenchCli.Options(10, 30, 0.5, 2_000, 1)).migrations()).isZero();
        BenchCli.Options options = new BenchCli.Options(1, 30, 0.5, 2_000, 1);
        BenchCli.Outcome greedy = BenchCli.greedy(cluster, io.ballast.planner.rebalance.RebalanceMethod.BRUTEFORCE,
                options);
        assertThat(greedy.before()).isGreaterThan(0.45);
        assertThat(greedy.migrations()).isPositive();
        assertThat(greedy.after()).isLessThan(greedy.before());
        assertThat(greedy.after()).isLessThanOrEqualTo(0.3); // stops once at or below the threshold
    }

    @Test
    void rebalancingTheSnapshotLowersImbalanceAndKeepsThePinnedGuest() throws Exception {
        BenchCli.Cluster cluster = SnapshotReader.read(example());
        BenchCli.Options options = new BenchCli.Options(1, 0, 0.5, 2_000, 1);
        BenchCli.Outcome greedy = BenchCli.greedy(cluster, io.ballast.planner.rebalance.RebalanceMethod.BRUTEFORCE,
                options);
        assertThat(greedy.after()).isLessThan(greedy.before());
        assertThat(greedy.migrations()).isPositive();
        BenchCli.Outcome plan = BenchCli.plan(cluster, null, options);
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
