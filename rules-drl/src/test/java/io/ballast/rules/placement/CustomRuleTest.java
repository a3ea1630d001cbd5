package io.ballast.rules.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.rules.compiled.CompiledRules;
import io.ballast.rules.engine.DrlSource;
import io.ballast.rules.engine.RuleBase;
import io.ballast.rules.placement.PlacementFacts.Node;
import io.ballast.rules.placement.PlacementFacts.Unit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The custom rule of docs/rules.md, dropped into a rules directory next to the packaged files. */
class CustomRuleTest {

    private static final List<Node> NODES = List.of(new Node("node1", true, false), new Node("node2", true, false),
            new Node("node3", true, false));

    /** The packaged DRL files plus the example file, as an operator's rules directory would hold them. */
    private static RuleBase withCustomRule(Path dir) throws Exception {
        for (DrlSource s : DrlSource.packaged()) {
            Path file = dir.resolve(s.name());
            Files.createDirectories(file.getParent());
            Files.writeString(file, s.content());
        }
        Files.createDirectories(dir.resolve("site"));
        try (var in = CustomRuleTest.class.getResourceAsStream("/custom-rules/db-not-on-old-hw.drl")) {
            Files.write(dir.resolve("site/db-not-on-old-hw.drl"), in.readAllBytes());
        }
        return RuleBase.compile(DrlSource.fromDirectory(dir));
    }

    private static PlacementFacts facts(Map<String, Set<String>> resourceTags) {
        List<Unit> units = List.of(new Unit("vm:101", List.of("vm:101"), "node1", null, true, List.of()),
                new Unit("vm:102", List.of("vm:102"), "node2", null, true, List.of()));
        Map<String, SortedSet<String>> occupied = Map.of("vm:101", new TreeSet<>(Set.of("node1")),
                "vm:102", new TreeSet<>(Set.of("node2")));
        return new PlacementFacts(NODES, units, CompiledRules.EMPTY, occupied,
                Map.of("node1", Set.of("old-hw"), "node3", Set.of("ssd")), resourceTags);
    }

    @Test
    void dbResourcesExcludeOldHardwareWithTheCustomReason(@TempDir Path dir) throws Exception {
        RuleBase rules = withCustomRule(dir);
        PlacementOutcome out = new PlacementPolicy(rules).evaluate(facts(Map.of("vm:101", Set.of("db", "prod"))));

        PlacementOutcome.UnitOutcome db = out.units().get("vm:101");
        assertThat(db.excluded()).containsEntry("node1", List.of("custom: db guests stay off old-hw nodes"));
        assertThat(db.allowed()).containsOnlyKeys("node2", "node3");
        assertThat(db.mustMove()).singleElement().asString().contains("custom: db guests stay off old-hw nodes");
        PlacementOutcome.UnitOutcome other = out.units().get("vm:102");
        assertThat(other.allowed()).containsOnlyKeys("node1", "node2", "node3");
        assertThat(rules.ruleCount()).isEqualTo(RuleBase.packaged().ruleCount() + 1);
    }

    @Test
    void withoutTheTagNothingIsExcluded(@TempDir Path dir) throws Exception {
        PlacementOutcome out = new PlacementPolicy(withCustomRule(dir)).evaluate(facts(Map.of()));

        assertThat(out.units().get("vm:101").allowed()).containsOnlyKeys("node1", "node2", "node3");
        assertThat(out.units().get("vm:101").mustMove()).isEmpty();
    }
}
