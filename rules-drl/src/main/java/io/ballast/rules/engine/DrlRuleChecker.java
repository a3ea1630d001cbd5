package io.ballast.rules.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import org.kie.api.runtime.KieSession;

import io.ballast.rules.RuleCheckResult;
import io.ballast.rules.RuleCheckResult.DroppedRule;
import io.ballast.rules.RuleCheckResult.RuleWarning;
import io.ballast.rules.RuleChecker;
import io.ballast.rules.compiled.CompiledRules;
import io.ballast.rules.compiled.NodeAffinity;
import io.ballast.rules.config.Affinity;
import io.ballast.rules.config.NodeAffinityRule;
import io.ballast.rules.config.ResourceAffinityRule;
import io.ballast.rules.config.RuleSet;
import io.ballast.rules.facts.ClusterNode;
import io.ballast.rules.facts.ClusterSize;
import io.ballast.rules.facts.Drop;
import io.ballast.rules.facts.GroupMember;
import io.ballast.rules.facts.GroupResource;
import io.ballast.rules.facts.HaResource;
import io.ballast.rules.facts.Membership;
import io.ballast.rules.facts.RuleFact;
import io.ballast.rules.facts.RuleNode;
import io.ballast.rules.facts.Warning;

/**
 * Rule checker backed by a compiled {@link RuleBase}: the DRL derives {@link Drop} and {@link Warning}
 * facts; this class feeds the facts (sorted), removes dropped rules and applies the §4.4 transforms.
 * Thread-safe: one fresh session per call.
 */
public final class DrlRuleChecker implements RuleChecker {

    private static final String NODE = "node";

    private final RuleBase ruleBase;

    public DrlRuleChecker(RuleBase ruleBase) {
        this.ruleBase = ruleBase;
    }

    @Override
    public RuleBase ruleBase() {
        return ruleBase;
    }

    @Override
    public RuleCheckResult check(RuleSet rules, Collection<String> clusterNodes, Collection<String> resources) {
        SortedSet<String> nodes = new TreeSet<>(clusterNodes);
        List<NodeAffinityRule> nodeRules = rules.nodeAffinity().stream().filter(r -> !r.disabled()).toList();
        List<ResourceAffinityRule> resourceRules = rules.resourceAffinity().stream().filter(r -> !r.disabled()).toList();

        List<Drop> drops = new ArrayList<>();
        List<Warning> warnings = new ArrayList<>();
        KieSession session = ruleBase.newSession();
        try {
            insertFacts(session, nodeRules, resourceRules, nodes, new TreeSet<>(resources));
            session.fireAllRules();
            for (Object o : session.getObjects()) {
                if (o instanceof Drop d) {
                    drops.add(d);
                } else if (o instanceof Warning w) {
                    warnings.add(w);
                }
            }
        } finally {
            session.dispose();
        }
        drops.sort(Comparator.comparingInt(Drop::check).thenComparing(Drop::ruleId).thenComparing(Drop::cause));
        warnings.sort(Comparator.comparing(Warning::ruleId).thenComparing(Warning::code));

        Set<String> droppedIds = new HashSet<>();
        drops.forEach(d -> droppedIds.add(d.ruleId()));
        RuleSet kept = new RuleSet(
                rules.nodeAffinity().stream().filter(r -> !droppedIds.contains(r.id())).toList(),
                rules.resourceAffinity().stream().filter(r -> !droppedIds.contains(r.id())).toList());
        return new RuleCheckResult(kept,
                drops.stream().map(d -> new DroppedRule(d.ruleId(), "check-" + d.check(), d.reason())).toList(),
                warnings.stream().map(w -> new RuleWarning(w.ruleId(), w.code(), w.message())).toList(),
                compile(kept, nodes));
    }

    private static void insertFacts(KieSession session, List<NodeAffinityRule> nodeRules,
                                    List<ResourceAffinityRule> resourceRules, SortedSet<String> nodes,
                                    SortedSet<String> resources) {
        session.insert(new ClusterSize(nodes.size()));
        nodes.forEach(n -> session.insert(new ClusterNode(n)));
        resources.forEach(r -> session.insert(new HaResource(r)));
        for (NodeAffinityRule r : nodeRules) {
            int classes = new TreeSet<>(r.nodes().values()).size();
            session.insert(new RuleFact(r.id(), NODE, r.resources().size(), classes, r.nodes().size(), r.strict()));
            r.resources().stream().sorted().forEach(sid -> session.insert(new Membership(r.id(), NODE, sid)));
            r.nodes().keySet().forEach(n -> session.insert(new RuleNode(r.id(), n)));
        }
        for (ResourceAffinityRule r : resourceRules) {
            session.insert(new RuleFact(r.id(), r.affinity().key(), r.resources().size(), 0, 0, false));
            r.resources().stream().sorted().forEach(sid -> session.insert(new Membership(r.id(), r.affinity().key(), sid)));
        }
        List<ResourceAffinityRule> positives = resourceRules.stream().filter(r -> r.affinity() == Affinity.POSITIVE).toList();
        for (PositiveGroups.Group g : PositiveGroups.of(positives)) {
            g.rules().forEach(r -> session.insert(new GroupMember(g.key(), r.id())));
            g.resources().forEach(sid -> session.insert(new GroupResource(g.key(), sid)));
        }
    }

    /** The §4.4 transforms over the surviving enabled rules. */
    static CompiledRules compile(RuleSet kept, SortedSet<String> clusterNodes) {
        SortedMap<String, NodeAffinity> nodeAffinity = new TreeMap<>();
        for (NodeAffinityRule r : kept.nodeAffinity()) {
            if (r.disabled()) {
                continue;
            }
            SortedMap<String, Integer> prio = new TreeMap<>(r.nodes());
            if (!r.strict()) {
                clusterNodes.forEach(n -> prio.putIfAbsent(n, -1));
            }
            r.resources().forEach(sid -> nodeAffinity.put(sid, new NodeAffinity(r.id(), prio, r.strict())));
        }
        SortedMap<String, SortedSet<String>> positive = new TreeMap<>();
        SortedMap<String, SortedSet<String>> negative = new TreeMap<>();
        SortedMap<String, SortedMap<String, String>> negativeRules = new TreeMap<>();
        List<ResourceAffinityRule> enabled = kept.resourceAffinity().stream().filter(r -> !r.disabled()).toList();
        for (ResourceAffinityRule r : enabled) {
            if (r.affinity() == Affinity.NEGATIVE) {
                linkPairwise(negative, r.resources());
                for (String a : r.resources()) {
                    for (String b : r.resources()) {
                        if (!a.equals(b)) {
                            negativeRules.computeIfAbsent(a, k -> new TreeMap<>()).putIfAbsent(b, r.id());
                        }
                    }
                }
            }
        }
        List<PositiveGroups.Group> groups = PositiveGroups.of(
                enabled.stream().filter(r -> r.affinity() == Affinity.POSITIVE).toList());
        for (PositiveGroups.Group g : groups) {
            linkPairwise(positive, g.resources());
            // implicit negatives: a partner kept apart from one member is kept apart from all
            SortedSet<String> apart = new TreeSet<>();
            g.resources().forEach(sid -> apart.addAll(negative.getOrDefault(sid, new TreeSet<>())));
            apart.removeAll(g.resources());
            for (String sid : g.resources()) {
                for (String other : apart) {
                    link(negative, sid, other);
                    // an implicit pair is explained by the keep-separate rule of the member that has it
                    String origin = g.resources().stream()
                            .map(m -> negativeRules.getOrDefault(m, new TreeMap<>()).get(other))
                            .filter(java.util.Objects::nonNull).findFirst().orElse("keep-together");
                    negativeRules.computeIfAbsent(sid, k -> new TreeMap<>()).putIfAbsent(other, origin);
                    negativeRules.computeIfAbsent(other, k -> new TreeMap<>()).putIfAbsent(sid, origin);
                }
            }
            // node affinity inheritance: check 6 leaves at most one node rule per group
            g.resources().stream().map(nodeAffinity::get).filter(java.util.Objects::nonNull).findFirst()
                    .ifPresent(na -> g.resources().forEach(sid -> nodeAffinity.put(sid, na)));
        }
        return new CompiledRules(nodeAffinity, positive, negative, negativeRules);
    }

    private static void linkPairwise(SortedMap<String, SortedSet<String>> relation, Collection<String> sids) {
        for (String a : sids) {
            for (String b : sids) {
                if (!a.equals(b)) {
                    link(relation, a, b);
                }
            }
        }
    }

    private static void link(SortedMap<String, SortedSet<String>> relation, String a, String b) {
        relation.computeIfAbsent(a, k -> new TreeSet<>()).add(b);
        relation.computeIfAbsent(b, k -> new TreeSet<>()).add(a);
    }
}
