package io.ballast.rules.placement;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import io.ballast.rules.compiled.NodeAffinity;
import io.ballast.rules.engine.RuleBase;
import io.ballast.rules.facts.PlacementFactsDrl.NodeFact;
import io.ballast.rules.facts.PlacementFactsDrl.Occupies;

/**
 * One-shot evaluation of the placement DRL over a whole snapshot (spec §10.4): a fresh {@link PolicySession} per
 * call, every unit's verdict as a {@link PlacementOutcome}. Thread-safe. Live rounds keep a session instead.
 */
public final class PlacementPolicy {

    private final RuleBase ruleBase;

    public PlacementPolicy(RuleBase ruleBase) {
        this.ruleBase = ruleBase;
    }

    public PlacementOutcome evaluate(PlacementFacts facts) {
        try (PolicySession session = new PolicySession(ruleBase)) {
            load(session, facts);
            SortedMap<String, PlacementOutcome.UnitOutcome> out = new TreeMap<>();
            for (PlacementFacts.Unit unit : facts.units()) {
                Verdict v = session.verdict(unit.id());
                SortedMap<String, List<String>> excluded = new TreeMap<>();
                v.excluded().keySet().forEach(n -> excluded.put(n, v.reasonsAgainst(n)));
                out.put(unit.id(), new PlacementOutcome.UnitOutcome(v.allowed(), List.copyOf(v.preferred()),
                        v.returnTarget(), v.mustMove(), excluded, v.blocked()));
            }
            return new PlacementOutcome(out);
        }
    }

    /** Puts a snapshot into a session: every node, every unit, and where the resources are. */
    public static void load(PolicySession session, PlacementFacts facts) {
        session.nodes(facts.nodes().stream().map(n -> new NodeFact(n.name(), n.online(), n.maintenance())).toList());
        session.nodeTags(facts.nodeTags());
        if (facts.capacity() != null) {
            PlacementFacts.Capacity c = facts.capacity();
            java.util.Map<String, long[]> mem = new TreeMap<>();
            c.nodeMaxMem().forEach((n, max) -> mem.put(n, new long[] {max, c.nodeUsedMem().getOrDefault(n, 0L)}));
            session.capacity(c.overcommitPercent(), mem);
        }
        for (PlacementFacts.Unit unit : facts.units()) {
            // inheritance (§4.4.3) gives every member the same node affinity
            NodeAffinity affinity = unit.members().stream().map(facts.rules()::nodeAffinityOf)
                    .filter(Objects::nonNull).findFirst().orElse(null);
            SortedMap<String, String> apart = new TreeMap<>();
            for (String sid : unit.members()) {
                facts.rules().keepApart(sid).forEach(apart::putIfAbsent);
            }
            apart.keySet().removeAll(unit.members());
            SortedSet<String> tags = new TreeSet<>();
            Long memory = null;
            for (String sid : unit.members()) {
                java.util.Set<String> memberTags = facts.resourceTags().get(sid);
                if (memberTags != null) {
                    tags.addAll(memberTags);
                }
                if (facts.capacity() != null) {
                    memory = (memory == null ? 0L : memory) + facts.capacity().resourceMem().getOrDefault(sid, 0L);
                }
            }
            session.unit(new PolicyUnit(unit.id(), unit.current(), unit.maintenanceNode(), unit.failback(),
                    !unit.failedNodes().isEmpty(), affinity, apart, unit.failedNodes(), tags, memory));
        }
        // a snapshot knows only where resources are: each one counts as running there
        List<String> sids = new ArrayList<>(facts.occupied().keySet());
        for (String sid : sids) {
            SortedMap<String, String> where = new TreeMap<>();
            facts.occupied().get(sid).forEach(n -> where.put(n, Occupies.SETTLED));
            session.occupies(sid, where);
        }
    }
}
