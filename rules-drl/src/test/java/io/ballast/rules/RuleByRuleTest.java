package io.ballast.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.ballast.rules.RuleCheckResult.DroppedRule;
import io.ballast.rules.RuleCheckResult.RuleWarning;
import io.ballast.rules.compiled.CompiledRules;
import io.ballast.rules.config.Affinity;
import io.ballast.rules.config.NodeAffinityRule;
import io.ballast.rules.config.ResourceAffinityRule;
import io.ballast.rules.config.RuleSet;
import io.ballast.rules.engine.DrlRuleChecker;
import io.ballast.rules.engine.RuleBase;
import io.ballast.rules.placement.PlacementFacts;
import io.ballast.rules.placement.PlacementFacts.Node;
import io.ballast.rules.placement.PlacementFacts.Unit;
import io.ballast.rules.placement.PlacementOutcome;
import io.ballast.rules.placement.PlacementOutcome.UnitOutcome;
import io.ballast.rules.placement.PlacementPolicy;

/**
 * One focused test per packaged DRL rule: the smallest facts that make exactly that rule matter, the rule
 * seen firing (by name), and the fact it derives. {@link #everyPackagedRuleHasAFocusedTest} fails when a rule
 * is added to the DRL files without a test here.
 */
class RuleByRuleTest {

    private static final RuleBase BASE = RuleBase.packaged();
    private static final List<String> NODES = List.of("node1", "node2", "node3");
    private static final Set<String> TESTED = new TreeSet<>();

    private final List<String> fired = new ArrayList<>();

    // ---- helpers --------------------------------------------------------------------------------------------

    private static NodeAffinityRule node(String id, List<String> sids, Map<String, Integer> nodes, boolean strict) {
        return new NodeAffinityRule(id, sids, new TreeMap<>(nodes), strict, false, null, 0);
    }

    private static ResourceAffinityRule res(String id, Affinity affinity, String... sids) {
        return new ResourceAffinityRule(id, List.of(sids), affinity, false, null, 0);
    }

    private RuleCheckResult check(List<NodeAffinityRule> n, List<ResourceAffinityRule> r, List<String> resources) {
        return new DrlRuleChecker(BASE.traced(fired::add)).check(new RuleSet(n, r), NODES, resources);
    }

    private RuleCheckResult check(List<NodeAffinityRule> n, List<ResourceAffinityRule> r) {
        return check(n, r, List.of());
    }

    private UnitOutcome place(List<Node> nodes, Unit unit, CompiledRules rules, Map<String, SortedSet<String>> occupied) {
        return place(new PlacementFacts(nodes, List.of(unit), rules, occupied), unit.id());
    }

    private UnitOutcome place(PlacementFacts facts, String unit) {
        return new PlacementPolicy(BASE.traced(fired::add)).evaluate(facts).units().get(unit);
    }

    private static CompiledRules compiled(List<NodeAffinityRule> n, List<ResourceAffinityRule> r) {
        return RuleCheckers.defaultChecker().check(new RuleSet(n, r), NODES, List.of()).compiled();
    }

    private static List<Node> online(String maintenance, String offline) {
        return NODES.stream().map(n -> new Node(n, !n.equals(offline), n.equals(maintenance))).toList();
    }

    private static Unit single(String sid, String current, String maintenanceNode, List<String> failed) {
        return new Unit(sid, List.of(sid), current, maintenanceNode, true, failed);
    }

    private static Map<String, SortedSet<String>> on(String... sidNode) {
        Map<String, SortedSet<String>> m = new TreeMap<>();
        for (int i = 0; i < sidNode.length; i += 2) {
            m.computeIfAbsent(sidNode[i], k -> new TreeSet<>()).add(sidNode[i + 1]);
        }
        return m;
    }

    private void assertFired(String rule) {
        TESTED.add(rule);
        assertThat(fired).as("rules that fired").contains(rule);
    }

    private static List<String> reasons(RuleCheckResult r, String ruleId) {
        return r.dropped().stream().filter(d -> d.ruleId().equals(ruleId)).map(DroppedRule::reason).toList();
    }

    // ---- validation -------------------------------------------------------------------------------------

    @Test
    void ruleReferencingAnUnconfiguredResource() {
        RuleCheckResult r = check(List.of(), List.of(res("pair", Affinity.POSITIVE, "vm:1", "vm:7")), List.of("vm:1"));
        assertFired("validation: a rule referencing an unconfigured resource is dropped");
        assertThat(reasons(r, "pair")).containsExactly("resource 'vm:7' is not a configured HA resource");
    }

    @Test
    void nodeRuleListingAnUnknownNode() {
        RuleCheckResult r = check(List.of(node("pin", List.of("vm:1"), Map.of("node9", 0), true)), List.of());
        assertFired("validation: a node affinity rule listing an unknown node is dropped");
        assertThat(reasons(r, "pin")).containsExactly("node 'node9' is not a cluster node");
    }

    @Test
    void resourceListedByTwoNodeRules() {
        RuleCheckResult r = check(List.of(node("a1", List.of("vm:1"), Map.of("node1", 0), false),
                node("a2", List.of("vm:1"), Map.of("node2", 0), false)), List.of());
        assertFired("validation: a resource listed by two node affinity rules drops both rules");
        assertThat(reasons(r, "a1")).containsExactly("resource 'vm:1' is already used in another node affinity rule");
        assertThat(reasons(r, "a2")).containsExactly("resource 'vm:1' is already used in another node affinity rule");
    }

    @Test
    void resourceRuleWithOneResource() {
        RuleCheckResult r = check(List.of(), List.of(res("alone", Affinity.POSITIVE, "vm:1")));
        assertFired("validation: a resource affinity rule with fewer than two resources is ineffective");
        assertThat(reasons(r, "alone")).containsExactly("rule is ineffective as there are less than two resources");
    }

    @Test
    void negativeRuleWithMoreResourcesThanNodes() {
        RuleCheckResult r = check(List.of(), List.of(res("apart", Affinity.NEGATIVE, "vm:1", "vm:2", "vm:3", "vm:4")));
        assertFired("validation: a negative rule with more resources than cluster nodes cannot be satisfied");
        assertThat(r.dropped()).extracting(DroppedRule::ruleId).containsExactly("apart");
    }

    @Test
    void keepTogetherAndKeepSeparateSharingTwoResources() {
        RuleCheckResult r = check(List.of(), List.of(res("together", Affinity.POSITIVE, "vm:1", "vm:2"),
                res("apart", Affinity.NEGATIVE, "vm:1", "vm:2")));
        assertFired("validation: a negative rule sharing two resources with a keep-together group is dropped");
        assertFired("validation: a keep-together group sharing two resources with a negative rule drops its positive rules");
        assertThat(reasons(r, "apart")).containsExactly("rule shares two or more resources with a positive resource affinity rule");
        assertThat(reasons(r, "together")).containsExactly("rule shares two or more resources with a negative resource affinity rule");
    }

    @Test
    void multiPriorityNodeRuleMeetingAResourceRule() {
        RuleCheckResult r = check(List.of(node("prio", List.of("vm:1"), Map.of("node1", 2, "node2", 1), false)),
                List.of(res("together", Affinity.POSITIVE, "vm:1", "vm:2")));
        assertFired("validation: a resource affinity rule touching a multi-priority node affinity rule is dropped");
        assertFired("validation: a multi-priority node affinity rule touching a resource affinity rule is dropped");
        assertThat(reasons(r, "together")).containsExactly("resources are in node affinity rules with multiple priorities");
        assertThat(reasons(r, "prio")).containsExactly(
                "resources are in a resource affinity rule and cannot be in a node affinity rule with multiple priorities");
    }

    @Test
    void keepTogetherGroupAcrossTwoNodeRules() {
        RuleCheckResult r = check(List.of(node("n1", List.of("vm:1"), Map.of("node1", 0), false),
                node("n2", List.of("vm:2"), Map.of("node2", 0), false)),
                List.of(res("together", Affinity.POSITIVE, "vm:1", "vm:2")));
        assertFired("validation: a keep-together group touching two node affinity rules drops its positive rules");
        assertFired("validation: node affinity rules shared by one keep-together group are dropped");
        assertThat(reasons(r, "together")).containsExactly("resources are in multiple node affinity rules");
        assertThat(r.dropped()).extracting(DroppedRule::ruleId).containsExactlyInAnyOrder("n1", "n2", "together");
    }

    @Test
    void keepSeparatePairPinnedToOneNode() {
        RuleCheckResult r = check(List.of(node("pin", List.of("vm:1", "vm:2"), Map.of("node1", 0), true)),
                List.of(res("apart", Affinity.NEGATIVE, "vm:1", "vm:2")));
        assertFired("validation: a negative rule whose members have fewer allowed nodes than members is dropped");
        assertFired("validation: node affinity rules that leave a negative rule too few nodes are dropped");
        assertThat(reasons(r, "apart")).containsExactly("resources are restricted to fewer nodes than needed to keep them apart");
        assertThat(reasons(r, "pin")).containsExactly(
                "resources are in a negative resource affinity rule and cannot be kept apart on the listed nodes");
    }

    // ---- lint -------------------------------------------------------------------------------------------

    @Test
    void keepSeparateOverEveryNode() {
        RuleCheckResult r = check(List.of(), List.of(res("spread", Affinity.NEGATIVE, "vm:1", "vm:2", "vm:3")));
        assertFired("lint: a keep-separate rule using every cluster node breaks when any one node fails");
        assertThat(r.dropped()).isEmpty();
        assertThat(r.warnings()).extracting(RuleWarning::ruleId, RuleWarning::code)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("spread", "negative-no-spare-node"));
    }

    @Test
    void strictAffinityToOneNode() {
        RuleCheckResult r = check(List.of(node("only", List.of("vm:1"), Map.of("node1", 0), true)), List.of());
        assertFired("lint: strict node affinity to a single node cannot be recovered or evacuated");
        assertThat(r.warnings()).extracting(RuleWarning::code).containsExactly("strict-single-node");
    }

    // ---- placement ----------------------------------------------------------------------------------------

    @Test
    void h1OfflineNode() {
        UnitOutcome o = place(online(null, "node3"), single("vm:1", "node1", null, List.of()), CompiledRules.EMPTY,
                on("vm:1", "node1"));
        assertFired("placement: H1 a node that is not online is excluded for every unit");
        assertFired("placement: the nodes no filter excludes for every unit are usable");
        assertThat(o.excluded().get("node3")).containsExactly("H1: node is not online");
    }

    @Test
    void h2MaintenanceNodeAndTheEvacuation() {
        UnitOutcome o = place(online("node1", null), single("vm:1", "node1", null, List.of()), CompiledRules.EMPTY,
                on("vm:1", "node1"));
        assertFired("placement: H2 a node in maintenance is excluded for every unit");
        assertFired("placement: a unit on a node excluded for every unit must move");
        assertThat(o.excluded().get("node1")).containsExactly("H2: node is in maintenance");
        assertThat(o.mustMove()).singleElement().asString().startsWith("current node node1 is excluded (H2");
    }

    @Test
    void h3StrictRule() {
        UnitOutcome o = place(online(null, null), single("vm:1", "node3", null, List.of()),
                compiled(List.of(node("pin", List.of("vm:1"), Map.of("node1", 0, "node2", 0), true)), List.of()),
                on("vm:1", "node3"));
        assertFired("placement: H3 a strict node affinity rule confines the unit to its nodes");
        assertFired("placement: the usable nodes that no filter excludes for the unit are allowed");
        assertFired("placement: a unit confined away from its node must move");
        assertThat(o.excluded()).containsOnlyKeys("node3");
        assertThat(o.allowed()).containsOnlyKeys("node1", "node2");
        assertThat(o.mustMove()).singleElement().asString().contains("H3: not in strict node-affinity rule 'pin'");
    }

    @Test
    void h4KeepSeparatePartnerAsATarget() {
        UnitOutcome o = place(online(null, null), single("vm:1", "node1", null, List.of()),
                compiled(List.of(), List.of(res("apart", Affinity.NEGATIVE, "vm:1", "vm:2"))),
                on("vm:1", "node1", "vm:2", "node2"));
        assertFired("placement: H4 a node where a keep-separate partner is or is heading is excluded as a target");
        assertThat(o.excluded().get("node2")).containsExactly("H4: keep-separate rule 'apart': vm:2 runs on node2");
        assertThat(o.allowed()).containsOnlyKeys("node1", "node3");
    }

    @Test
    void h4SettledPartnersOnOneNodeTheOneInItsTopClassStays() {
        // vm:1 prefers node1 (where both run), vm:2 prefers node2: vm:2 yields, vm:1 stays
        CompiledRules rules = compiled(List.of(node("one", List.of("vm:1"), Map.of("node1", 1), false),
                node("two", List.of("vm:2"), Map.of("node2", 1), false)),
                List.of(res("apart", Affinity.NEGATIVE, "vm:1", "vm:2")));
        PlacementFacts facts = new PlacementFacts(online(null, null), List.of(
                single("vm:1", "node1", null, List.of()), single("vm:2", "node1", null, List.of())), rules,
                on("vm:1", "node1", "vm:2", "node1"));
        PlacementOutcome both = new PlacementPolicy(BASE.traced(fired::add)).evaluate(facts);
        assertFired("placement: in a keep-separate conflict the nodes that no filter but keep-separate excludes are hard-allowed");
        assertFired("placement: a settled unit sharing its node with a settled keep-separate partner ranks how readily it yields");
        assertFired("placement: in a keep-separate conflict the unit that every settled partner yields to stays");
        assertFired("placement: H4 a settled keep-separate partner on the current node forces the unit off it unless it may stay");
        assertThat(both.units().get("vm:1").mustMove()).isEmpty();
        assertThat(both.units().get("vm:2").mustMove()).singleElement().asString()
                .contains("H4: keep-separate rule 'apart': vm:1 runs on node1");
    }

    @Test
    void h5KeepTogetherPartnersCountWhereTheyAreHeadingElseWhereTheyRun() {
        try (io.ballast.rules.placement.PolicySession s = new io.ballast.rules.placement.PolicySession(
                BASE.traced(fired::add))) {
            s.nodes(List.of(new io.ballast.rules.facts.PlacementFactsDrl.NodeFact("node1", true, false),
                    new io.ballast.rules.facts.PlacementFactsDrl.NodeFact("node2", true, false),
                    new io.ballast.rules.facts.PlacementFactsDrl.NodeFact("node3", true, false)));
            for (String sid : List.of("vm:1", "vm:2", "vm:3", "vm:4")) {
                s.unit(new io.ballast.rules.placement.PolicyUnit(sid, "node1", null, true, false, null, new TreeMap<>(),
                        List.of(), new TreeSet<>(), null));
            }
            s.together("vm:1", new TreeSet<>(List.of("vm:2", "vm:3", "vm:4")));
            s.occupies("vm:2", new TreeMap<>(Map.of("node2", "leaving", "node3", "arriving")));
            s.occupies("vm:3", new TreeMap<>(Map.of("node2", "settled")));
            s.occupies("vm:4", new TreeMap<>(Map.of("node1", "resident"))); // stopped: counts nowhere
            assertThat(s.verdict("vm:1").together()).containsExactly(Map.entry("node2", 1), Map.entry("node3", 1));
        }
        assertFired("placement: H5 a resource heading to a usable node counts there for its group");
        assertFired("placement: H5 a resource heading nowhere usable counts on the usable node it is on");
        assertFired("placement: H5 the members of a unit's group are counted per node");
    }

    @Test
    void h6Memory() {
        long gib = 1024L * 1024 * 1024;
        PlacementFacts facts = new PlacementFacts(online(null, null), List.of(single("vm:1", "node1", null, List.of())),
                CompiledRules.EMPTY, on("vm:1", "node1")).withCapacity(new PlacementFacts.Capacity(
                Map.of("node1", 8 * gib, "node2", 8 * gib, "node3", 8 * gib),
                Map.of("node1", 4 * gib, "node2", 7 * gib, "node3", 0L), Map.of("vm:1", 2 * gib), 100));
        UnitOutcome o = place(facts, "vm:1");
        assertFired("placement: H6 a node without memory left for the unit is excluded");
        assertThat(o.excluded()).containsOnlyKeys("node2");
    }

    @Test
    void h7FailedNodesAreNotRetried() {
        UnitOutcome o = place(online(null, null), single("vm:1", "node1", null, List.of("node1", "node2")),
                CompiledRules.EMPTY, on("vm:1", "node1"));
        assertFired("placement: H7 a node that already failed the retrying unit is not tried again");
        assertThat(o.preferred()).containsExactly("node3");
    }

    @Test
    void priorityClassesAndFailback() {
        UnitOutcome o = place(online(null, null), single("vm:1", "node2", null, List.of()),
                compiled(List.of(node("prefer", List.of("vm:1"), Map.of("node1", 2, "node2", 1), false)), List.of()),
                on("vm:1", "node2"));
        assertFired("placement: S1 the highest priority class among the allowed nodes is preferred");
        assertFired("placement: a unit fails back when its resources are configured to");
        assertFired("placement: with failback a unit leaves an allowed node outside the preferred class");
        assertThat(o.allowed()).containsEntry("node1", 2).containsEntry("node2", 1).containsEntry("node3", -1);
        assertThat(o.preferred()).containsExactly("node1");
        assertThat(o.mustMove()).containsExactly("failback to a higher-priority node");
    }

    @Test
    void returnToTheMaintenanceNode() {
        UnitOutcome o = place(online(null, null), single("vm:1", "node2", "node1", List.of()), CompiledRules.EMPTY,
                on("vm:1", "node2"));
        assertFired("placement: S2 an allowed maintenance node in the preferred class is the return target when the unit fails back");
        assertFired("placement: a unit whose maintenance node is back returns to it");
        assertThat(o.returnTarget()).isEqualTo("node1");
        assertThat(o.mustMove()).isNotEmpty();
    }

    @Test
    void blockedWhenNoNodeIsLeft() {
        UnitOutcome o = place(online("node1", null), single("vm:1", "node1", null, List.of()),
                compiled(List.of(node("only", List.of("vm:1"), Map.of("node1", 0), true)), List.of()),
                on("vm:1", "node1"));
        assertFired("placement: a unit on a node it may not use with no allowed node is blocked");
        assertThat(o.allowed()).isEmpty();
        assertThat(o.blocked()).startsWith("evacuation blocked");
    }

    @Test
    void customExclusionOnANodeTheUnitIsOnMovesIt() {
        // the packaged rule for unit-specific exclusions, seen through a rule author's exclusion
        RuleBase custom = RuleBase.compile(java.util.stream.Stream.concat(BASE.sources().stream(), java.util.stream.Stream.of(
                new io.ballast.rules.engine.DrlSource("custom/no-node1.drl", """
                        package io.ballast.rules.placement;
                        import io.ballast.rules.facts.PlacementFactsDrl.UnitFact;
                        import io.ballast.rules.facts.PlacementFactsDrl.Excluded;
                        rule "custom: nothing on node1"
                        when
                            UnitFact( $u : id )
                        then
                            insertLogical( new Excluded( $u, "node1", "node1 is being retired" ) );
                        end
                        """))).toList());
        PlacementFacts facts = new PlacementFacts(online(null, null), List.of(single("vm:1", "node1", null, List.of())),
                CompiledRules.EMPTY, on("vm:1", "node1"));
        UnitOutcome o = new PlacementPolicy(custom.traced(fired::add)).evaluate(facts).units().get("vm:1");
        assertFired("placement: a unit on a node excluded for it must move");
        assertThat(o.mustMove()).containsExactly("current node node1 is excluded (node1 is being retired)");
        assertThat(o.allowed()).containsOnlyKeys("node2", "node3");
    }

    // ---- completeness ---------------------------------------------------------------------------------------

    @AfterAll
    static void everyPackagedRuleHasAFocusedTest() {
        assertThat(TESTED).as("packaged DRL rules without a focused test in RuleByRuleTest")
                .containsExactlyInAnyOrderElementsOf(BASE.ruleNames());
    }
}
