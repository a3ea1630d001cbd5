package io.ballast.rules.placement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import io.ballast.rules.compiled.NodeAffinity;
import io.ballast.rules.engine.RuleBase;
import io.ballast.rules.facts.PlacementFactsDrl.NodeFact;
import io.ballast.rules.facts.PlacementFactsDrl.Occupies;

/** The long-lived session: answers follow the changes handed in, unchanged input fires nothing, dropped sessions go. */
class PolicySessionTest {

    private static final RuleBase BASE = io.ballast.rules.RuleCheckers.packagedBase();
    private final List<String> fired = new ArrayList<>();

    private static List<NodeFact> nodes(String maintenance) {
        return List.of(new NodeFact("node1", true, "node1".equals(maintenance)),
                new NodeFact("node2", true, "node2".equals(maintenance)),
                new NodeFact("node3", true, "node3".equals(maintenance)));
    }

    private static PolicyUnit unit(String sid, String current, Map<String, String> apart) {
        return new PolicyUnit(sid, current, null, false, false, null, new TreeMap<>(apart), List.of(), new TreeSet<>(),
                null);
    }

    private static TreeMap<String, String> at(String node, String kind) {
        return new TreeMap<>(Map.of(node, kind));
    }

    @Test
    void answersFollowTheChangesAndAnUnchangedInputFiresNothing() {
        try (PolicySession s = new PolicySession(BASE.traced(fired::add))) {
            s.nodes(nodes(null));
            s.unit(unit("vm:1", "node1", Map.of("vm:2", "apart")));
            s.unit(unit("vm:2", "node2", Map.of("vm:1", "apart")));
            s.occupies("vm:1", at("node1", Occupies.SETTLED));
            s.occupies("vm:2", at("node2", Occupies.SETTLED));
            assertThat(s.verdict("vm:1").allowed()).containsOnlyKeys("node1", "node3");

            fired.clear();
            s.nodes(nodes(null));
            s.unit(unit("vm:1", "node1", Map.of("vm:2", "apart")));
            s.occupies("vm:2", at("node2", Occupies.SETTLED));
            assertThat(s.verdict("vm:1").allowed()).containsOnlyKeys("node1", "node3");
            assertThat(fired).as("nothing changed, nothing fired").isEmpty();

            // the partner starts migrating to node3: node3 is taken as a target, node2 too until it has left
            s.occupies("vm:2", new TreeMap<>(Map.of("node2", Occupies.LEAVING, "node3", Occupies.ARRIVING)));
            Verdict v = s.verdict("vm:1");
            assertThat(v.allowed()).containsOnlyKeys("node1");
            assertThat(v.reasonsAgainst("node3")).containsExactly("H4: keep-separate rule 'apart': vm:2 is moving to node3");
            assertThat(v.excluded().get("node3").get(0).cause()).isEqualTo("vm:2");

            // node1 goes into maintenance: one node fact changes, every unit sees it
            s.nodes(nodes("node1"));
            assertThat(s.verdict("vm:1").allowed()).isEmpty();
            assertThat(s.verdict("vm:1").blocked()).startsWith("evacuation blocked");
            assertThat(s.verdict("vm:2").reasonsAgainst("node1")).contains("H2: node is in maintenance");
        }
    }

    @Test
    void strictAffinityConfinesAndTheClassIsChosenAmongTheSurvivors() {
        try (PolicySession s = new PolicySession(BASE)) {
            s.nodes(nodes(null));
            NodeAffinity pref = new NodeAffinity("pref", new TreeMap<>(Map.of("node1", 2, "node2", 1)), true);
            s.unit(new PolicyUnit("vm:1", "node2", null, true, false, pref, new TreeMap<>(Map.of("vm:2", "apart")),
                    List.of(), new TreeSet<>(), null));
            s.occupies("vm:2", at("node1", Occupies.SETTLED));
            Verdict v = s.verdict("vm:1");
            assertThat(v.allowed()).containsOnlyKeys("node2");
            assertThat(v.preferredClass()).isEqualTo(1);
            assertThat(v.mustMove()).isEmpty();
            assertThat(v.reasonsAgainst("node3")).containsExactly("H3: not in strict node-affinity rule 'pref'");
        }
    }

    @Test
    void aDroppedSessionIsDisposed() throws InterruptedException {
        RuleBase base = RuleBase.packaged();
        for (int i = 0; i < 20; i++) {
            PolicySession s = new PolicySession(base);
            s.nodes(nodes(null));
        }
        assertThat(base.openSessions()).isPositive();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (base.openSessions() > 0 && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(50);
        }
        assertThat(base.openSessions()).as("sessions left registered with their rule base").isZero();
        PolicySession kept = new PolicySession(base);
        kept.close();
        assertThat(base.openSessions()).isZero();
    }
}
