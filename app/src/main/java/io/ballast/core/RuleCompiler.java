package io.ballast.core;

import io.ballast.rules.RuleCheckResult;
import io.ballast.rules.RuleChecker;
import io.ballast.rules.compiled.CompiledRules;
import io.ballast.rules.config.NodeAffinityRule;
import io.ballast.rules.config.RuleSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Recompiles the rules (spec §1.8 step 6) when rules, groups, resource config or the node list changed,
 * logging every dropped rule; legacy groups are read as node-affinity rules {@code ha-group-<name>}.
 */
final class RuleCompiler {
    private final java.util.function.Supplier<RuleChecker> checkers;
    private Object lastKey;
    private RuleChecker lastChecker;
    private CompiledRules compiled;

    /** {@code checkers} gives the checker of the active rule base; a new one (after a reload) recompiles. */
    RuleCompiler(java.util.function.Supplier<RuleChecker> checkers) {
        this.checkers = checkers;
    }

    CompiledRules compile(RuleSet rules, List<HaGroup> groups, Map<String, ServiceConfig> services,
                          List<String> nodes, RoundLog log) {
        Object key = List.of(rules, groups, Map.copyOf(services), List.copyOf(nodes));
        RuleChecker checker = checkers.get();
        if (compiled != null && Objects.equals(key, lastKey) && checker == lastChecker) {
            return compiled;
        }
        RuleSet effective = withGroups(rules, groups, services);
        RuleCheckResult result = checker.check(effective, nodes, new TreeSet<>(services.keySet()));
        for (RuleCheckResult.DroppedRule dropped : result.dropped()) {
            log.add("info", "Drop rule '" + dropped.ruleId() + "', because " + dropped.reason() + ".");
        }
        compiled = result.compiled();
        lastKey = key;
        lastChecker = checker;
        return compiled;
    }

    static RuleSet withGroups(RuleSet rules, List<HaGroup> groups, Map<String, ServiceConfig> services) {
        if (groups.isEmpty()) {
            return rules;
        }
        List<NodeAffinityRule> nodeRules = new ArrayList<>(rules.nodeAffinity());
        int order = 0;
        for (NodeAffinityRule r : rules.nodeAffinity()) {
            order = Math.max(order, r.order());
        }
        for (var r : rules.resourceAffinity()) {
            order = Math.max(order, r.order());
        }
        for (HaGroup group : groups) {
            String id = "ha-group-" + group.name();
            if (nodeRules.stream().anyMatch(r -> r.id().equals(id))) {
                continue;
            }
            List<String> members = services.values().stream()
                    .filter(s -> group.name().equals(s.group())).map(ServiceConfig::sid).sorted().toList();
            if (members.isEmpty()) {
                continue;
            }
            nodeRules.add(new NodeAffinityRule(id, members, group.nodes(), group.restricted(), false, null, ++order));
        }
        return new RuleSet(nodeRules, rules.resourceAffinity());
    }
}
