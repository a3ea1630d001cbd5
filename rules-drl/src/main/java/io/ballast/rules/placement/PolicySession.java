package io.ballast.rules.placement;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import org.kie.api.event.rule.ObjectDeletedEvent;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.event.rule.ObjectUpdatedEvent;
import org.kie.api.event.rule.RuleRuntimeEventListener;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;

import io.ballast.rules.engine.RuleBase;
import io.ballast.rules.facts.PlacementFactsDrl.AboutUnit;
import io.ballast.rules.facts.PlacementFactsDrl.AllowedNodes;
import io.ballast.rules.facts.PlacementFactsDrl.Blocked;
import io.ballast.rules.facts.PlacementFactsDrl.Confined;
import io.ballast.rules.facts.PlacementFactsDrl.Excluded;
import io.ballast.rules.facts.PlacementFactsDrl.FailedOn;
import io.ballast.rules.facts.PlacementFactsDrl.FailsBack;
import io.ballast.rules.facts.PlacementFactsDrl.KeepApart;
import io.ballast.rules.facts.PlacementFactsDrl.KeepTogether;
import io.ballast.rules.facts.PlacementFactsDrl.TogetherOn;
import io.ballast.rules.facts.PlacementFactsDrl.MemoryLimit;
import io.ballast.rules.facts.PlacementFactsDrl.MustMove;
import io.ballast.rules.facts.PlacementFactsDrl.NodeExcluded;
import io.ballast.rules.facts.PlacementFactsDrl.NodeFact;
import io.ballast.rules.facts.PlacementFactsDrl.NodeMemory;
import io.ballast.rules.facts.PlacementFactsDrl.NodeTag;
import io.ballast.rules.facts.PlacementFactsDrl.NotRetried;
import io.ballast.rules.facts.PlacementFactsDrl.Occupies;
import io.ballast.rules.facts.PlacementFactsDrl.PreferredClass;
import io.ballast.rules.facts.PlacementFactsDrl.ReturnTarget;
import io.ballast.rules.facts.PlacementFactsDrl.UnitAffinity;
import io.ballast.rules.facts.PlacementFactsDrl.UnitFact;
import io.ballast.rules.facts.PlacementFactsDrl.UnitMemory;
import io.ballast.rules.facts.PlacementFactsDrl.UnitTag;

/**
 * The placement policy as a long-lived rule session: callers keep it across manager rounds and hand it what
 * changed (nodes, units, where resources are); it fires only when asked for a {@link Verdict} after a change, and
 * the rules re-derive only what the change touches. Derived facts are indexed by unit as the engine inserts and
 * retracts them, so reading a verdict never scans the working memory. Not thread-safe: one owner (a manager, a
 * bench, a what-if run) at a time.
 */
public final class PolicySession implements AutoCloseable {

    private final RuleBase ruleBase;
    private final KieSession session;
    private boolean dirty = true;

    private final Map<String, FactHandle> nodeHandles = new HashMap<>();
    private final Map<String, NodeFact> nodes = new TreeMap<>();
    private final Map<Object, FactHandle> globalHandles = new HashMap<>();
    private final Map<String, UnitState> units = new HashMap<>();
    private final Map<String, Map<Occupies, FactHandle>> occupancy = new HashMap<>();

    private final Index index = new Index();
    private final java.lang.ref.Cleaner.Cleanable cleanable;
    /** Sessions stay registered with their rule base until disposed: an owner that is dropped disposes its own. */
    private static final java.lang.ref.Cleaner CLEANER = java.lang.ref.Cleaner.create();

    /** Input facts of one unit and their handles. */
    private static final class UnitState {
        PolicyUnit unit;
        FactHandle unitFact;
        final List<FactHandle> affinity = new ArrayList<>();
        final List<FactHandle> apart = new ArrayList<>();
        final List<FactHandle> failed = new ArrayList<>();
        final List<FactHandle> tags = new ArrayList<>();
        final List<FactHandle> together = new ArrayList<>();
        java.util.SortedSet<String> togetherWith = new TreeSet<>();
        FactHandle memory;
    }

    public PolicySession(RuleBase ruleBase) {
        this.ruleBase = ruleBase;
        this.session = ruleBase.newSession();
        // the listener holds the index only, never this object, so an owner that drops us lets the cleaner run
        session.addEventListener(index);
        this.cleanable = CLEANER.register(this, session::dispose);
    }

    public RuleBase ruleBase() {
        return ruleBase;
    }

    // ---- inputs -----------------------------------------------------------------------------------------------

    /** The cluster's nodes; nodes missing here are removed. */
    public void nodes(Collection<NodeFact> current) {
        Set<String> seen = new TreeSet<>();
        for (NodeFact n : current) {
            seen.add(n.name());
            NodeFact old = nodes.get(n.name());
            if (n.equals(old)) {
                continue;
            }
            if (old == null) {
                nodeHandles.put(n.name(), session.insert(n));
            } else {
                session.update(nodeHandles.get(n.name()), n);
            }
            nodes.put(n.name(), n);
            changed();
        }
        for (String gone : new ArrayList<>(nodes.keySet())) {
            if (!seen.contains(gone)) {
                session.delete(nodeHandles.remove(gone));
                nodes.remove(gone);
                changed();
            }
        }
    }

    /** Operator-assigned node tags (for rule authors' own rules). */
    public void nodeTags(Map<String, ? extends Set<String>> tags) {
        Set<Object> wanted = new LinkedHashSet<>();
        new TreeMap<>(tags).forEach((node, ts) -> new TreeSet<>(ts).forEach(t -> wanted.add(new NodeTag(node, t))));
        syncGlobal(NodeTag.class, wanted);
    }

    /**
     * H6: the memory-overcommit limit with every node's memory and use, or null to switch the check off.
     */
    public void capacity(Integer overcommitPercent, Map<String, long[]> maxAndUsed) {
        Set<Object> wanted = new LinkedHashSet<>();
        if (overcommitPercent != null) {
            wanted.add(new MemoryLimit(overcommitPercent));
            new TreeMap<>(maxAndUsed).forEach((n, mu) -> wanted.add(new NodeMemory(n, mu[0], mu[1])));
        }
        syncGlobal(MemoryLimit.class, wanted.stream().filter(MemoryLimit.class::isInstance).toList());
        syncGlobal(NodeMemory.class, wanted.stream().filter(NodeMemory.class::isInstance).toList());
    }

    private void syncGlobal(Class<?> type, Collection<?> wanted) {
        for (Object key : new ArrayList<>(globalHandles.keySet())) {
            if (type.isInstance(key) && !wanted.contains(key)) {
                session.delete(globalHandles.remove(key));
                changed();
            }
        }
        for (Object w : wanted) {
            if (!globalHandles.containsKey(w)) {
                globalHandles.put(w, session.insert(w));
                changed();
            }
        }
    }

    /** Adds or updates a unit; only the facts that differ from what the session holds are touched. */
    public void unit(PolicyUnit u) {
        UnitState st = units.get(u.id());
        if (st != null && st.unit.equals(u)) {
            return;
        }
        changed();
        index.verdicts.remove(u.id());
        if (st == null) {
            st = new UnitState();
            units.put(u.id(), st);
        }
        PolicyUnit old = st.unit;
        UnitFact fact = new UnitFact(u.id(), u.current(), u.maintenanceNode(), u.failback(), u.retrying());
        if (st.unitFact == null) {
            st.unitFact = session.insert(fact);
        } else if (!fact.equals(session.getObject(st.unitFact))) {
            session.update(st.unitFact, fact);
        }
        if (old == null || !Objects.equals(old.affinity(), u.affinity())) {
            replace(st.affinity, u.affinity() == null ? List.of()
                    : List.of(new UnitAffinity(u.id(), u.affinity().ruleId(), u.affinity().strict(),
                            u.affinity().nodes())));
        }
        if (old == null || !old.keepApart().equals(u.keepApart())) {
            List<Object> facts = new ArrayList<>();
            u.keepApart().forEach((partner, rule) -> facts.add(new KeepApart(u.id(), partner, rule)));
            replace(st.apart, facts);
        }
        if (old == null || !old.failedNodes().equals(u.failedNodes())) {
            replace(st.failed, u.failedNodes().stream().distinct().map(n -> (Object) new FailedOn(u.id(), n)).toList());
        }
        if (old == null || !old.tags().equals(u.tags())) {
            replace(st.tags, u.tags().stream().map(t -> (Object) new UnitTag(u.id(), t)).toList());
        }
        if (old == null || !Objects.equals(old.memory(), u.memory())) {
            if (st.memory != null) {
                session.delete(st.memory);
                st.memory = null;
            }
            if (u.memory() != null) {
                st.memory = session.insert(new UnitMemory(u.id(), u.memory()));
            }
        }
        st.unit = u;
    }

    private void replace(List<FactHandle> handles, List<?> facts) {
        handles.forEach(session::delete);
        handles.clear();
        facts.forEach(f -> handles.add(session.insert(f)));
    }

    /** Removes a unit and everything it brought in. */
    public void removeUnit(String id) {
        UnitState st = units.remove(id);
        if (st == null) {
            return;
        }
        changed();
        index.verdicts.remove(id);
        session.delete(st.unitFact);
        for (List<FactHandle> hs : List.of(st.affinity, st.apart, st.failed, st.tags, st.together)) {
            hs.forEach(session::delete);
        }
        if (st.memory != null) {
            session.delete(st.memory);
        }
    }

    /** H5: the unit's keep-together partners (resources outside it that must share its node). */
    public void together(String unit, java.util.SortedSet<String> partners) {
        UnitState st = units.get(unit);
        if (st == null) {
            throw new IllegalArgumentException("unknown placement unit " + unit);
        }
        if (st.togetherWith.equals(partners)) {
            return;
        }
        changed();
        index.verdicts.remove(unit);
        replace(st.together, partners.stream().map(p -> (Object) new KeepTogether(unit, p)).toList());
        st.togetherWith = new TreeSet<>(partners);
    }

    /** Ids of the units the session holds. */
    public Set<String> unitIds() {
        return java.util.Collections.unmodifiableSet(units.keySet());
    }

    /** Where a resource is: node → {@link Occupies} kind (empty: nowhere). */
    public void occupies(String sid, SortedMap<String, String> where) {
        Map<Occupies, FactHandle> held = occupancy.computeIfAbsent(sid, k -> new HashMap<>());
        Set<Occupies> wanted = new LinkedHashSet<>();
        where.forEach((node, kind) -> wanted.add(new Occupies(sid, node, kind)));
        if (held.keySet().equals(wanted)) {
            return;
        }
        changed();
        for (Occupies o : new ArrayList<>(held.keySet())) {
            if (!wanted.contains(o)) {
                session.delete(held.remove(o));
            }
        }
        for (Occupies o : wanted) {
            if (!held.containsKey(o)) {
                held.put(o, session.insert(o));
            }
        }
        if (held.isEmpty()) {
            occupancy.remove(sid);
        }
    }

    private void changed() {
        dirty = true;
    }

    // ---- outputs ----------------------------------------------------------------------------------------------

    /** Fires the rules if anything changed since the last answer. */
    public void settle() {
        if (dirty) {
            session.fireAllRules();
            dirty = false;
        }
    }

    /** The policy's answer for a unit the session holds. */
    public Verdict verdict(String unit) {
        settle();
        Verdict cached = index.verdicts.get(unit);
        if (cached != null) {
            return cached;
        }
        UnitState st = units.get(unit);
        if (st == null) {
            throw new IllegalArgumentException("unknown placement unit " + unit);
        }
        Verdict v = assemble(st.unit, index.derived.getOrDefault(unit, Set.of()));
        index.verdicts.put(unit, v);
        return v;
    }

    private Verdict assemble(PolicyUnit u, Set<AboutUnit> facts) {
        SortedMap<String, Integer> allowed = new TreeMap<>();
        Integer preferredClass = null;
        SortedSet<String> notRetried = new TreeSet<>();
        SortedMap<String, SortedSet<Verdict.Exclusion>> excluded = new TreeMap<>();
        boolean failsBack = false;
        SortedSet<String> policyRules = new TreeSet<>();
        SortedSet<String> mustMove = new TreeSet<>();
        String returnTarget = null;
        SortedSet<String> blocked = new TreeSet<>();
        SortedMap<String, Integer> together = new TreeMap<>();
        java.util.Comparator<Verdict.Exclusion> order = java.util.Comparator.comparing(Verdict.Exclusion::filter)
                .thenComparing(Verdict.Exclusion::reason);
        index.nodeExcluded.forEach((node, why) -> why.forEach(e -> excluded.computeIfAbsent(node, k -> new TreeSet<>(order))
                .add(new Verdict.Exclusion(e.filter(), e.reason(), null, null, index.derivedBy.get(e)))));
        for (AboutUnit f : facts) {
            String by = index.derivedBy.get(f);
            if (by != null && !(f instanceof AllowedNodes) && !(f instanceof io.ballast.rules.facts.PlacementFactsDrl.HardAllowed)) {
                policyRules.add(by);
            }
            if (f instanceof AllowedNodes a) {
                if (u.affinity() == null) {
                    // units without node affinity that may use the same nodes share one (unmodifiable) map
                    if (index.atZero.size() > 1024) {
                        index.atZero.clear(); // keyed by identity: old sets would pile up in a long-lived session
                    }
                    allowed = index.atZero.computeIfAbsent(a.nodes(), PolicySession::atZero);
                } else {
                    for (String n : a.nodes()) {
                        allowed.put(n, priority(u, n));
                    }
                }
            } else if (f instanceof PreferredClass p) {
                preferredClass = p.priority();
            } else if (f instanceof NotRetried r) {
                notRetried.add(r.node());
                excluded.computeIfAbsent(r.node(), k -> new TreeSet<>(order))
                        .add(new Verdict.Exclusion("H7", r.reason(), null, null, index.derivedBy.get(r)));
            } else if (f instanceof Excluded e) {
                excluded.computeIfAbsent(e.node(), k -> new TreeSet<>(order))
                        .add(new Verdict.Exclusion(e.filter(), e.reason(), e.rule(), e.cause(), index.derivedBy.get(e)));
            } else if (f instanceof Confined c) {
                for (String n : nodes.keySet()) {
                    if (!c.nodes().contains(n)) {
                        excluded.computeIfAbsent(n, k -> new TreeSet<>(order))
                                .add(new Verdict.Exclusion(c.filter(), c.reason(), c.rule(), null, index.derivedBy.get(c)));
                    }
                }
            } else if (f instanceof TogetherOn t) {
                together.put(t.node(), t.count());
            } else if (f instanceof FailsBack) {
                failsBack = true;
            } else if (f instanceof MustMove m) {
                mustMove.add(m.reason());
            } else if (f instanceof ReturnTarget r) {
                returnTarget = r.node();
            } else if (f instanceof Blocked b) {
                blocked.add(b.reason());
            }
        }
        if (preferredClass == null && u.affinity() == null && !allowed.isEmpty()) {
            preferredClass = 0; // without node affinity every allowed node is in class 0
        }
        // an allowed node is not excluded, whatever a rule said about it before a later rule lifted it
        for (String n : allowed.keySet()) {
            if (!notRetried.contains(n)) {
                excluded.remove(n);
            }
        }
        SortedMap<String, List<Verdict.Exclusion>> excludedLists = new TreeMap<>();
        excluded.forEach((n, why) -> excludedLists.put(n, List.copyOf(why)));
        return new Verdict(u.id(), u.current(), allowed, preferredClass,
                java.util.Collections.unmodifiableSortedSet(notRetried),
                java.util.Collections.unmodifiableSortedMap(excludedLists), failsBack, List.copyOf(mustMove),
                returnTarget, blocked.isEmpty() ? null : blocked.first(), List.copyOf(policyRules),
                java.util.Collections.unmodifiableSortedMap(together));
    }

    private static SortedMap<String, Integer> atZero(SortedSet<String> nodes) {
        SortedMap<String, Integer> m = new TreeMap<>();
        nodes.forEach(n -> m.put(n, 0));
        return java.util.Collections.unmodifiableSortedMap(m);
    }

    private static int priority(PolicyUnit u, String node) {
        if (u.affinity() == null) {
            return 0;
        }
        Integer p = u.affinity().nodes().get(node);
        return p != null ? p : -1;
    }

    // ---- derived-fact index -----------------------------------------------------------------------------------

    /** Derived facts by unit, kept up to date as the engine inserts and retracts them. */
    private static final class Index implements RuleRuntimeEventListener {
        final Map<String, Set<AboutUnit>> derived = new HashMap<>();
        /** The DRL rule that derived each fact (what an explanation names). */
        final Map<Object, String> derivedBy = new HashMap<>();
        final Map<String, Set<NodeExcluded>> nodeExcluded = new TreeMap<>();
        final Map<String, Verdict> verdicts = new HashMap<>();
        /** Allowed-node sets (shared instances) as maps at priority 0. */
        final Map<SortedSet<String>, SortedMap<String, Integer>> atZero = new java.util.IdentityHashMap<>();

        @Override
        public void objectInserted(ObjectInsertedEvent event) {
            added(event.getObject());
            if (event.getRule() != null && (event.getObject() instanceof AboutUnit
                    || event.getObject() instanceof NodeExcluded)) {
                derivedBy.put(event.getObject(), event.getRule().getName());
            }
        }

        @Override
        public void objectUpdated(ObjectUpdatedEvent event) {
            removed(event.getOldObject());
            added(event.getObject());
        }

        @Override
        public void objectDeleted(ObjectDeletedEvent event) {
            removed(event.getOldObject());
        }

        private void added(Object o) {
            if (o instanceof AboutUnit a) {
                derived.computeIfAbsent(a.unit(), k -> new LinkedHashSet<>()).add(a);
                verdicts.remove(a.unit());
            } else if (o instanceof NodeExcluded e) {
                nodeExcluded.computeIfAbsent(e.node(), k -> new LinkedHashSet<>()).add(e);
                verdicts.clear();
            }
        }

        private void removed(Object o) {
            derivedBy.remove(o);
            if (o instanceof AboutUnit a) {
                Set<AboutUnit> set = derived.get(a.unit());
                if (set != null) {
                    set.remove(a);
                    if (set.isEmpty()) {
                        derived.remove(a.unit());
                    }
                }
                verdicts.remove(a.unit());
            } else if (o instanceof NodeExcluded e) {
                Set<NodeExcluded> set = nodeExcluded.get(e.node());
                if (set != null) {
                    set.remove(e);
                    if (set.isEmpty()) {
                        nodeExcluded.remove(e.node());
                    }
                }
                verdicts.clear();
            }
        }

    }

    @Override
    public void close() {
        cleanable.clean();
    }
}
