package io.ballast.rules.placement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import io.ballast.rules.RuleCheckers;
import io.ballast.rules.compiled.CompiledRules;
import io.ballast.rules.config.Affinity;
import io.ballast.rules.config.NodeAffinityRule;
import io.ballast.rules.config.ResourceAffinityRule;
import io.ballast.rules.config.RuleSet;
import io.ballast.rules.engine.RuleBase;
import io.ballast.rules.placement.PlacementFacts.Node;
import io.ballast.rules.placement.PlacementFacts.Unit;
import io.ballast.rules.placement.PlacementOutcome.UnitOutcome;

class PlacementPolicyTest {

    private static final List<String> NODES = List.of("node1", "node2", "node3");
    private final PlacementPolicy policy = new PlacementPolicy(RuleBase.packaged());

    private static CompiledRules compile(List<NodeAffinityRule> n, List<ResourceAffinityRule> r) {
        return RuleCheckers.defaultChecker().check(new RuleSet(n, r), NODES, List.of()).compiled();
    }

    private static Map<String, SortedSet<String>> on(Object... sidNode) {
        Map<String, SortedSet<String>> m = new TreeMap<>();
        for (int i = 0; i < sidNode.length; i += 2) {
            m.computeIfAbsent((String) sidNode[i], k -> new TreeSet<>()).add((String) sidNode[i + 1]);
        }
        return m;
    }

    private static List<Node> nodes(String maintenance) {
        return NODES.stream().map(n -> new Node(n, true, n.equals(maintenance))).toList();
    }

    @Test
    void forumScenario1_positivePairReturnsAfterMaintenance() {
        CompiledRules rules = compile(List.of(),
                List.of(new ResourceAffinityRule("together", List.of("vm:101", "vm:102"), Affinity.POSITIVE, false, null, 1)));
        Unit pair = new Unit("vm:101", List.of("vm:101", "vm:102"), "node2", "node3", true, List.of());
        UnitOutcome o = policy.evaluate(new PlacementFacts(nodes(null), List.of(pair), rules,
                on("vm:101", "node2", "vm:102", "node2"))).units().get("vm:101");
        assertThat(o.returnTarget()).isEqualTo("node3");
        assertThat(o.mustMove()).containsExactly("return to maintenance node node3");
    }

    @Test
    void forumScenario2_nonStrictFallbackUsedDuringEvacuationThenReturn() {
        CompiledRules rules = compile(
                List.of(new NodeAffinityRule("pref", List.of("vm:101", "vm:102"),
                        new TreeMap<>(Map.of("node2", 0, "node3", 0)), false, false, null, 1)),
                List.of(new ResourceAffinityRule("apart", List.of("vm:101", "vm:102"), Affinity.NEGATIVE, false, null, 2)));
        Unit vm102 = new Unit("vm:102", List.of("vm:102"), "node3", null, true, List.of());
        UnitOutcome during = policy.evaluate(new PlacementFacts(nodes("node3"), List.of(vm102), rules,
                on("vm:101", "node2", "vm:102", "node3"))).units().get("vm:102");
        assertThat(during.allowed()).containsExactlyEntriesOf(new TreeMap<>(Map.of("node1", -1)));
        assertThat(during.preferred()).containsExactly("node1");
        assertThat(during.mustMove()).containsExactly("current node node3 is excluded (H2: node is in maintenance)");
        assertThat(during.excluded().get("node2")).containsExactly("H4: keep-separate rule 'apart': vm:101 runs on node2");
        assertThat(during.blocked()).isNull();

        Unit evacuated = new Unit("vm:102", List.of("vm:102"), "node1", "node3", true, List.of());
        UnitOutcome after = policy.evaluate(new PlacementFacts(nodes(null), List.of(evacuated), rules,
                on("vm:101", "node2", "vm:102", "node1"))).units().get("vm:102");
        assertThat(after.preferred()).containsExactly("node3");
        assertThat(after.returnTarget()).isEqualTo("node3");
        assertThat(after.mustMove()).contains("return to maintenance node node3");
    }

    @Test
    void strictAffinityWithEveryNodeExcludedIsBlocked() {
        CompiledRules rules = compile(List.of(new NodeAffinityRule("only3", List.of("vm:1"),
                new TreeMap<>(Map.of("node3", 0)), true, false, null, 1)), List.of());
        Unit u = new Unit("vm:1", List.of("vm:1"), "node3", null, true, List.of());
        UnitOutcome o = policy.evaluate(new PlacementFacts(nodes("node3"), List.of(u), rules, on("vm:1", "node3")))
                .units().get("vm:1");
        assertThat(o.allowed()).isEmpty();
        assertThat(o.mustMove()).isEmpty();
        assertThat(o.blocked()).startsWith("evacuation blocked");
        assertThat(o.excluded().get("node1")).containsExactly("H3: not in strict node-affinity rule 'only3'");
    }

    @Test
    void offlineAndFailedNodesAreExcludedAndFailbackMovesToHigherClass() {
        CompiledRules rules = compile(List.of(new NodeAffinityRule("pref", List.of("vm:1"),
                new TreeMap<>(Map.of("node1", 2, "node2", 1)), false, false, null, 1)), List.of());
        List<Node> nodes = List.of(new Node("node1", true, false), new Node("node2", true, false),
                new Node("node3", false, false));
        Unit u = new Unit("vm:1", List.of("vm:1"), "node2", null, true, List.of());
        UnitOutcome o = policy.evaluate(new PlacementFacts(nodes, List.of(u), rules, on("vm:1", "node2")))
                .units().get("vm:1");
        assertThat(o.excluded().get("node3")).containsExactly("H1: node is not online");
        assertThat(o.preferred()).containsExactly("node1");
        assertThat(o.mustMove()).containsExactly("failback to a higher-priority node");

        Unit failed = new Unit("vm:1", List.of("vm:1"), "node2", null, true, List.of("node1"));
        UnitOutcome f = policy.evaluate(new PlacementFacts(nodes, List.of(failed), rules, on("vm:1", "node2")))
                .units().get("vm:1");
        // H7 applies after the class: node1 is not retried, and the unit does not drop to node2's class
        assertThat(f.excluded().get("node1")).containsExactly("H7: start already failed there");
        assertThat(f.allowed()).containsOnlyKeys("node1", "node2");
        assertThat(f.preferred()).isEmpty();
        assertThat(f.mustMove()).isEmpty();
    }

    @Test
    void h7LeavesOutFailedNodesOfTheClassAndNothingElse() {
        CompiledRules rules = compile(List.of(), List.of());
        // node3 never failed: it is the only node tried; the failed nodes stay allowed (they only are not retried)
        Unit oneLeft = new Unit("vm:1", List.of("vm:1"), "node1", null, true, List.of("node1", "node2"));
        UnitOutcome o = policy.evaluate(new PlacementFacts(nodes(null), List.of(oneLeft), rules, on("vm:1", "node1")))
                .units().get("vm:1");
        assertThat(o.excluded().get("node1")).containsExactly("H7: start already failed there");
        assertThat(o.allowed()).containsOnlyKeys("node1", "node2", "node3");
        assertThat(o.preferred()).containsExactly("node3");

        // every node failed: nothing is tried (the caller retries the current node), nothing is blocked
        Unit allFailed = new Unit("vm:1", List.of("vm:1"), "node1", null, true, List.of("node1", "node2", "node3"));
        UnitOutcome r = policy.evaluate(new PlacementFacts(nodes(null), List.of(allFailed), rules, on("vm:1", "node1")))
                .units().get("vm:1");
        assertThat(r.preferred()).isEmpty();
        assertThat(r.excluded()).containsOnlyKeys("node1", "node2", "node3");
        assertThat(r.mustMove()).isEmpty();
        assertThat(r.blocked()).isNull();

        // node3 is left but in maintenance: H2 excludes it for good, so nothing is tried
        Unit maint = new Unit("vm:1", List.of("vm:1"), "node1", null, true, List.of("node1", "node2"));
        UnitOutcome m = policy.evaluate(new PlacementFacts(nodes("node3"), List.of(maint), rules, on("vm:1", "node1")))
                .units().get("vm:1");
        assertThat(m.allowed()).containsOnlyKeys("node1", "node2");
        assertThat(m.preferred()).isEmpty();
    }

    @Test
    void h6ExcludesNodesWithoutMemoryForTheUnitOnlyWhenALimitIsSet() {
        long gib = 1024L * 1024 * 1024;
        CompiledRules rules = compile(List.of(),
                List.of(new ResourceAffinityRule("pair", List.of("vm:1", "vm:2"), Affinity.POSITIVE, false, null, 1)));
        Unit pair = new Unit("vm:1", List.of("vm:1", "vm:2"), "node1", null, true, List.of());
        PlacementFacts facts = new PlacementFacts(nodes(null), List.of(pair), rules, on("vm:1", "node1", "vm:2", "node1"));
        // node2 has 10 GiB free, the pair needs 12 GiB; node3 has 40 GiB free; node1 (current) is full
        PlacementFacts.Capacity capacity = new PlacementFacts.Capacity(
                Map.of("node1", 64 * gib, "node2", 64 * gib, "node3", 64 * gib),
                Map.of("node1", 64 * gib, "node2", 54 * gib, "node3", 24 * gib),
                Map.of("vm:1", 8 * gib, "vm:2", 4 * gib), 100);

        UnitOutcome off = policy.evaluate(facts).units().get("vm:1");
        assertThat(off.allowed()).containsOnlyKeys("node1", "node2", "node3");

        UnitOutcome on = policy.evaluate(facts.withCapacity(capacity)).units().get("vm:1");
        assertThat(on.excluded().get("node2")).singleElement().asString().isEqualTo("H6: not enough memory (67584 MiB of 65536 MiB allowed)");
        assertThat(on.allowed()).as("the current node already holds the unit's memory").containsOnlyKeys("node1", "node3");

        // 120 % overcommit leaves room on node2 as well
        UnitOutcome loose = policy.evaluate(facts.withCapacity(new PlacementFacts.Capacity(capacity.nodeMaxMem(),
                capacity.nodeUsedMem(), capacity.resourceMem(), 120))).units().get("vm:1");
        assertThat(loose.allowed()).containsOnlyKeys("node1", "node2", "node3");
    }
}
