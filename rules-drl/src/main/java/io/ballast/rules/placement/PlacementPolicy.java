package io.ballast.rules.placement;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import org.kie.api.runtime.KieSession;

import io.ballast.rules.compiled.NodeAffinity;
import io.ballast.rules.engine.RuleBase;
import io.ballast.rules.facts.PlacementFactsDrl.Allowed;
import io.ballast.rules.facts.PlacementFactsDrl.Blocked;
import io.ballast.rules.facts.PlacementFactsDrl.Excluded;
import io.ballast.rules.facts.PlacementFactsDrl.FailedOn;
import io.ballast.rules.facts.PlacementFactsDrl.MustMove;
import io.ballast.rules.facts.PlacementFactsDrl.NodeFact;
import io.ballast.rules.facts.PlacementFactsDrl.PartnerOn;
import io.ballast.rules.facts.PlacementFactsDrl.Preferred;
import io.ballast.rules.facts.PlacementFactsDrl.ReturnTarget;
import io.ballast.rules.facts.PlacementFactsDrl.UnitFact;
import io.ballast.rules.facts.PlacementFactsDrl.UnitPriority;

/**
 * Derives per placement unit the allowed nodes, preferred class, return target and move reasons from
 * the placement DRL (spec §10.4). One fresh session per call; thread-safe.
 */
public final class PlacementPolicy {

    private final RuleBase ruleBase;

    public PlacementPolicy(RuleBase ruleBase) {
        this.ruleBase = ruleBase;
    }

    public PlacementOutcome evaluate(PlacementFacts facts) {
        KieSession session = ruleBase.newSession();
        List<Object> derived = new ArrayList<>();
        try {
            insert(session, facts);
            session.fireAllRules();
            derived.addAll(session.getObjects());
        } finally {
            session.dispose();
        }
        // one pass over the derived facts, grouped by unit (a scan per unit is quadratic in cluster size)
        java.util.Map<String, List<Object>> byUnit = new java.util.HashMap<>();
        for (Object o : derived) {
            String unit = o instanceof Allowed a ? a.unit()
                    : o instanceof Preferred p ? p.unit()
                    : o instanceof MustMove m ? m.unit()
                    : o instanceof Blocked b ? b.unit()
                    : o instanceof Excluded e ? e.unit()
                    : o instanceof ReturnTarget r ? r.unit()
                    : null;
            if (unit != null) {
                byUnit.computeIfAbsent(unit, k -> new ArrayList<>()).add(o);
            }
        }
        SortedMap<String, PlacementOutcome.UnitOutcome> out = new TreeMap<>();
        for (PlacementFacts.Unit unit : facts.units()) {
            String u = unit.id();
            SortedMap<String, Integer> allowed = new TreeMap<>();
            SortedSet<String> preferred = new TreeSet<>();
            SortedSet<String> mustMove = new TreeSet<>();
            SortedSet<String> blocked = new TreeSet<>();
            SortedMap<String, SortedSet<String>> excluded = new TreeMap<>();
            String returnTarget = null;
            for (Object o : byUnit.getOrDefault(u, List.of())) {
                if (o instanceof Allowed a) {
                    allowed.put(a.node(), a.priority());
                } else if (o instanceof Preferred p) {
                    preferred.add(p.node());
                } else if (o instanceof MustMove m) {
                    mustMove.add(m.reason());
                } else if (o instanceof Blocked b) {
                    blocked.add(b.reason());
                } else if (o instanceof Excluded e) {
                    excluded.computeIfAbsent(e.node(), k -> new TreeSet<>()).add(e.reason());
                } else if (o instanceof ReturnTarget r) {
                    returnTarget = r.node();
                }
            }
            SortedMap<String, List<String>> excludedLists = new TreeMap<>();
            excluded.forEach((n, reasons) -> excludedLists.put(n, List.copyOf(reasons)));
            out.put(u, new PlacementOutcome.UnitOutcome(allowed, List.copyOf(preferred), returnTarget,
                    List.copyOf(mustMove), excludedLists, blocked.isEmpty() ? null : blocked.first()));
        }
        return new PlacementOutcome(out);
    }

    private static void insert(KieSession session, PlacementFacts facts) {
        facts.nodes().stream().sorted(java.util.Comparator.comparing(PlacementFacts.Node::name))
                .forEach(n -> session.insert(new NodeFact(n.name(), n.online(), n.maintenance())));
        if (facts.capacity() != null) {
            PlacementFacts.Capacity c = facts.capacity();
            session.insert(new io.ballast.rules.facts.PlacementFactsDrl.MemoryLimit(c.overcommitPercent()));
            new java.util.TreeMap<>(c.nodeMaxMem()).forEach((node, max) -> session.insert(
                    new io.ballast.rules.facts.PlacementFactsDrl.NodeMemory(node, max, c.nodeUsedMem().getOrDefault(node, 0L))));
        }
        new java.util.TreeMap<>(facts.nodeTags()).forEach((node, tags) -> new TreeSet<>(tags)
                .forEach(tag -> session.insert(new io.ballast.rules.facts.PlacementFactsDrl.NodeTag(node, tag))));
        for (PlacementFacts.Unit unit : facts.units().stream()
                .sorted(java.util.Comparator.comparing(PlacementFacts.Unit::id)).toList()) {
            session.insert(new UnitFact(unit.id(), unit.current(), unit.maintenanceNode(), unit.failback()));
            // inheritance (§4.4.3) gives every member the same node affinity
            unit.members().stream().map(facts.rules()::nodeAffinityOf).filter(Objects::nonNull).findFirst()
                    .ifPresent((NodeAffinity na) -> na.nodes().forEach((node, prio) ->
                            session.insert(new UnitPriority(unit.id(), node, prio, na.strict()))));
            SortedSet<String> partners = new TreeSet<>();
            unit.members().forEach(sid -> partners.addAll(facts.rules().negativePartners(sid)));
            unit.members().forEach(partners::remove);
            for (String partner : partners) {
                facts.occupied().getOrDefault(partner, new TreeSet<>())
                        .forEach(node -> session.insert(new PartnerOn(unit.id(), node, partner)));
            }
            unit.failedNodes().stream().sorted().forEach(n -> session.insert(new FailedOn(unit.id(), n)));
            if (facts.capacity() != null) {
                long need = unit.members().stream().mapToLong(sid -> facts.capacity().resourceMem().getOrDefault(sid, 0L))
                        .sum();
                session.insert(new io.ballast.rules.facts.PlacementFactsDrl.UnitMemory(unit.id(), need));
            }
            SortedSet<String> tags = new TreeSet<>();
            for (String sid : unit.members()) {
                java.util.Set<String> memberTags = facts.resourceTags().get(sid);
                if (memberTags != null) {
                    tags.addAll(memberTags);
                }
            }
            tags.forEach(tag -> session.insert(new io.ballast.rules.facts.PlacementFactsDrl.UnitTag(unit.id(), tag)));
        }
    }
}
