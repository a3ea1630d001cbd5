package io.ballast.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.rulebase.RuleBaseProperties;
import io.ballast.rulebase.RuleBaseService;
import io.ballast.rules.engine.DrlSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The custom placement rule of docs/rules.md ("resources tagged db are never placed on nodes tagged old-hw"),
 * dropped into the rule directory, acts in the manager's rounds: the policy the core asks is the active rule base.
 */
class CustomPlacementRuleTest {

    private static final String DB_NOT_ON_OLD_HW = """
            package io.ballast.rules.placement;

            import io.ballast.rules.facts.PlacementFactsDrl.UnitTag;
            import io.ballast.rules.facts.PlacementFactsDrl.NodeTag;
            import io.ballast.rules.facts.PlacementFactsDrl.Excluded;

            rule "custom: resources tagged db are never placed on nodes tagged old-hw"
            when
                UnitTag( tag == "db", $u : unit )
                NodeTag( tag == "old-hw", $n : node )
            then
                insertLogical( new Excluded( $u, $n, "custom: db guests stay off old-hw nodes" ) );
            end
            """;

    private static RuleBaseService ruleBases(Path dir, boolean custom) throws Exception {
        for (DrlSource s : DrlSource.packaged()) {
            Path file = dir.resolve(s.name());
            Files.createDirectories(file.getParent());
            Files.writeString(file, s.content());
        }
        if (custom) {
            Files.createDirectories(dir.resolve("site"));
            Files.writeString(dir.resolve("site/db-not-on-old-hw.drl"), DB_NOT_ON_OLD_HW);
        }
        return new RuleBaseService(new RuleBaseProperties(dir.toString(), Duration.ZERO));
    }

    private static Cluster cluster(RuleBaseService rules) {
        Cluster c = new Cluster("node1", "node2", "node3").service("vm:101", "node1", "started")
                .service("vm:102", "node1", "started");
        PlacementTags tags = PlacementTags.of(Map.of("node1", Set.of("old-hw")),
                () -> Map.of("vm:101", Set.of("db"), "vm:102", Set.of("web")));
        c.manager = new HaManager(rules::checker, tags);
        return c;
    }

    @Test
    void dbGuestLeavesTheOldHardwareNodeAndTheWebGuestStays(@TempDir Path dir) throws Exception {
        RuleBaseService rules = ruleBases(dir, true);
        try {
            Cluster c = cluster(rules);
            List<Decision> decisions = new ArrayList<>(c.round(20).decisions());
            decisions.addAll(c.round(40).decisions());

            assertThat(c.service("vm:101").state()).isEqualTo(ServiceState.MIGRATE);
            assertThat(c.service("vm:101").target()).isIn("node2", "node3");
            assertThat(c.service("vm:102").state()).isEqualTo(ServiceState.STARTED);
            assertThat(decisions).anySatisfy(d -> {
                assertThat(d.subject()).isEqualTo("vm:101");
                assertThat(d.explanation()).isEqualTo("custom: db guests stay off old-hw nodes");
            });
        } finally {
            rules.stopPolling();
        }
    }

    @Test
    void withoutTheCustomFileNothingIsVetoed(@TempDir Path dir) throws Exception {
        RuleBaseService rules = ruleBases(dir, false);
        try {
            Cluster c = cluster(rules);
            c.round(20);
            c.round(40);
            assertThat(c.service("vm:101").state()).isEqualTo(ServiceState.STARTED);
            assertThat(c.service("vm:101").node()).isEqualTo("node1");
        } finally {
            rules.stopPolling();
        }
    }
}
