package io.ballast.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.ballast.rules.RuleCheckResult.DroppedRule;
import io.ballast.rules.config.Affinity;
import io.ballast.rules.config.NodeAffinityRule;
import io.ballast.rules.config.ResourceAffinityRule;
import io.ballast.rules.config.RuleSet;

/** One test per validation/lint rule and per transform (spec §4.3–4.4). */
class DrlRuleCheckerTest {

    private static final List<String> NODES = List.of("node1", "node2", "node3");
    private final RuleChecker checker = RuleCheckers.defaultChecker();

    private static NodeAffinityRule node(String id, List<String> sids, Map<String, Integer> nodes, boolean strict) {
        return new NodeAffinityRule(id, sids, new TreeMap<>(nodes), strict, false, null, 0);
    }

    private static ResourceAffinityRule res(String id, Affinity affinity, String... sids) {
        return new ResourceAffinityRule(id, List.of(sids), affinity, false, null, 0);
    }

    private RuleCheckResult check(List<NodeAffinityRule> nodeRules, List<ResourceAffinityRule> resourceRules) {
        return checker.check(new RuleSet(nodeRules, resourceRules), NODES, List.of());
    }

    private static List<String> droppedIds(RuleCheckResult r) {
        return r.dropped().stream().map(DroppedRule::ruleId).toList();
    }

    @Test
    void negativeRuleWithMoreResourcesThanNodesIsDropped() {
        RuleCheckResult r = check(List.of(), List.of(res("apart", Affinity.NEGATIVE, "vm:1", "vm:2", "vm:3", "vm:4")));
        assertThat(r.dropped()).extracting(DroppedRule::ruleId, DroppedRule::check).containsExactly(
                org.assertj.core.groups.Tuple.tuple("apart", "check-3"));
        assertThat(r.kept().resourceAffinity()).isEmpty();
    }

    @Test
    void keepTogetherGroupTouchingTwoNodeRulesDropsAllOfThem() {
        RuleCheckResult r = check(
                List.of(node("n1", List.of("vm:1"), Map.of("node1", 0), false),
                        node("n2", List.of("vm:2"), Map.of("node2", 0), false)),
                List.of(res("p1", Affinity.POSITIVE, "vm:1", "vm:3"), res("p2", Affinity.POSITIVE, "vm:3", "vm:2")));
        assertThat(droppedIds(r)).containsExactly("n1", "n2", "p1", "p2");
        assertThat(r.dropped()).allMatch(d -> d.check().equals("check-6"));
    }

    @Test
    void negativeRuleWithTooFewNodesAmongItsPinnedMembersDropsBothSides() {
        RuleCheckResult r = check(
                List.of(node("pin", List.of("vm:1", "vm:2"), Map.of("node1", 0), false)),
                List.of(res("apart", Affinity.NEGATIVE, "vm:1", "vm:2")));
        assertThat(droppedIds(r)).containsExactlyInAnyOrder("apart", "pin");
        assertThat(r.dropped()).allMatch(d -> d.check().equals("check-7"));
    }

    @Test
    void negativeRuleWithEnoughNodesForItsPinnedMembersIsKept() {
        RuleCheckResult r = check(
                List.of(node("pin", List.of("vm:1", "vm:2"), Map.of("node1", 0, "node2", 0), false)),
                List.of(res("apart", Affinity.NEGATIVE, "vm:1", "vm:2")));
        assertThat(r.dropped()).isEmpty();
    }

    @Test
    void unknownResourceAndUnknownNodeAreDroppedWhenCatalogueGiven() {
        RuleSet rules = new RuleSet(List.of(node("n", List.of("vm:1"), Map.of("node9", 0), true)),
                List.of(res("p", Affinity.POSITIVE, "vm:1", "vm:7")));
        RuleCheckResult r = checker.check(rules, NODES, List.of("vm:1"));
        assertThat(r.dropped()).extracting(DroppedRule::reason).containsExactly(
                "node 'node9' is not a cluster node", "resource 'vm:7' is not a configured HA resource");
    }

    @Test
    void lintWarnsButKeepsRules() {
        RuleCheckResult r = check(List.of(node("single", List.of("vm:9"), Map.of("node1", 0), true)),
                List.of(res("spread", Affinity.NEGATIVE, "vm:1", "vm:2", "vm:3")));
        assertThat(r.dropped()).isEmpty();
        assertThat(r.warnings()).extracting(RuleCheckResult.RuleWarning::code)
                .containsExactly("strict-single-node", "negative-no-spare-node");
    }

    @Test
    void compiledConfigMergesGroupsInfersNegativesAndInheritsNodeAffinity() {
        RuleCheckResult r = check(List.of(node("pref", List.of("vm:1"), Map.of("node1", 0), false)),
                List.of(res("p1", Affinity.POSITIVE, "vm:1", "vm:2"), res("p2", Affinity.POSITIVE, "vm:2", "vm:3"),
                        res("apart", Affinity.NEGATIVE, "vm:3", "vm:4")));
        var compiled = r.compiled();
        assertThat(compiled.positivePartners("vm:1")).containsExactly("vm:2", "vm:3");
        assertThat(compiled.negativePartners("vm:4")).containsExactly("vm:1", "vm:2", "vm:3");
        assertThat(compiled.negativePartners("vm:1")).containsExactly("vm:4");
        assertThat(compiled.nodeAffinityOf("vm:3").ruleId()).isEqualTo("pref");
        // non-strict: every other cluster node at priority -1
        assertThat(compiled.nodeAffinityOf("vm:3").nodes()).containsExactlyEntriesOf(
                new TreeMap<>(Map.of("node1", 0, "node2", -1, "node3", -1)));
        assertThat(compiled.nodeAffinityOf("vm:4")).isNull();
    }

    @Test
    void disabledRulesAreNeitherCheckedNorCompiled() {
        RuleSet rules = new RuleSet(List.of(),
                List.of(new ResourceAffinityRule("off", List.of("vm:1"), Affinity.NEGATIVE, true, null, 0)));
        RuleCheckResult r = checker.check(rules, NODES, List.of());
        assertThat(r.dropped()).isEmpty();
        assertThat(r.kept().resourceAffinity()).hasSize(1);
        assertThat(r.compiled().negative()).isEmpty();
    }
}
