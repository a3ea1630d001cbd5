package io.ballast.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.rulebase.RuleBaseProperties;
import io.ballast.rulebase.RuleBaseService;
import io.ballast.rules.config.NodeAffinityRule;
import io.ballast.rules.config.RuleSet;
import io.ballast.rules.engine.DrlSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rule author edits a packaged placement rule in the rules directory (docs/rules.md): guests tagged
 * {@code pinned} never fail back. After the reload, the live manager decides by the edited rule.
 */
class EditedPackagedRuleTest {

    private static final String FAILBACK = "io/ballast/rules/placement/failback.drl";

    @Test
    void pinnedGuestsStopFailingBackOnceTheEditedRuleIsLoaded(@TempDir Path dir) throws Exception {
        for (DrlSource s : DrlSource.packaged()) {
            Path file = dir.resolve(s.name());
            Files.createDirectories(file.getParent());
            Files.writeString(file, s.content());
        }
        RuleBaseService rules = new RuleBaseService(new RuleBaseProperties(dir.toString(), Duration.ZERO));
        try {
            // both prefer node2 and run on node1 (node2 was down); both fail back by configuration
            Cluster c = new Cluster("node1", "node2", "node3").service("vm:101", "node1", "started")
                    .service("vm:102", "node1", "started");
            c.rules = new RuleSet(List.of(new NodeAffinityRule("prefer-node2", List.of("vm:101", "vm:102"),
                    new TreeMap<>(Map.of("node2", 1)), false, false, null, 1)), List.of());
            c.manager = new HaManager(rules::checker, PlacementTags.of(Map.of(),
                    () -> Map.of("vm:101", Set.of("pinned"))));
            c.online.remove("node2");
            c.round(20);
            c.round(40);
            assertThat(c.service("vm:101").node()).isEqualTo("node1");

            Path failback = dir.resolve(FAILBACK);
            String edited = Files.readString(failback).replace("""
                    when
                        UnitFact( failback, $u : id )
                    then""", """
                    when
                        UnitFact( failback, $u : id )
                        not io.ballast.rules.facts.PlacementFactsDrl.UnitTag( unit == $u, tag == "pinned" )
                    then""");
            assertThat(edited).as("the packaged failback rule has the shape docs/rules.md shows").contains("pinned");
            Files.writeString(failback, edited);
            assertThat(rules.reload().ok()).isTrue();

            c.online.add("node2");
            for (int t = 60; t <= 120; t += 20) {
                c.round(t);
            }
            assertThat(c.service("vm:101").node()).as("pinned: stays where it runs").isEqualTo("node1");
            assertThat(c.service("vm:101").state()).isEqualTo(ServiceState.STARTED);
            assertThat(c.service("vm:102").target() != null ? c.service("vm:102").target() : c.service("vm:102").node())
                    .as("not pinned: fails back to its preferred node").isEqualTo("node2");
        } finally {
            rules.stopPolling();
        }
    }
}
