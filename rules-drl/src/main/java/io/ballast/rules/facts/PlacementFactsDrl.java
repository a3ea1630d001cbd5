package io.ballast.rules.facts;

import java.util.Collection;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Facts and derived records of the placement DRL (spec §10.4); nested to keep one file per concern.
 *
 * <p>Filters that hold for every unit (H1 online, H2 maintenance) are derived once per node
 * ({@link NodeExcluded}), never once per (unit, node) pair, so a cluster of many units stays cheap; a unit's own
 * filters derive {@link Excluded} only where they bite (a partner's node, a failed node, a tagged node) and a
 * strict rule derives one {@link Confined} set.
 */
public final class PlacementFactsDrl {

    private PlacementFactsDrl() {
    }

    // ---- input facts ------------------------------------------------------------------------------------------

    public record NodeFact(String name, boolean online, boolean maintenance) {
    }

    /** H6: a node's memory and what is in use there now (bytes). */
    public record NodeMemory(String node, long max, long used) {
    }

    /** H6: memory the unit needs (sum over its members, bytes). */
    public record UnitMemory(String unit, long memory) {
    }

    /** H6: the memory-overcommit limit in percent of a node's memory (100 = no overcommit). Absent: no check. */
    public record MemoryLimit(int percent) {
    }

    /**
     * A placement unit (a resource, or a keep-together group).
     *
     * @param failback  the configured failback of every member
     * @param retrying  the unit is retrying after failed starts or failed evacuation moves (H7 applies)
     */
    public record UnitFact(String id, String current, String maintenanceNode, boolean failback, boolean retrying) {
        public UnitFact(String id, String current, String maintenanceNode, boolean failback) {
            this(id, current, maintenanceNode, failback, false);
        }
    }

    /** A tag of a node (operator-assigned, e.g. {@code old-hw}); custom rules match on it. */
    public record NodeTag(String node, String tag) {
    }

    /** A tag of a unit: the union of its members' guest tags (e.g. {@code db}). */
    public record UnitTag(String unit, String tag) {
    }

    /**
     * Node affinity of a unit (spec §4.1): node → priority; strict = only these nodes. A non-strict rule lists
     * every cluster node it knows (unlisted ones at −1); a node it does not know is at −1 too.
     */
    public record UnitAffinity(String unit, String rule, boolean strict, SortedMap<String, Integer> priorities) {
        public UnitAffinity {
            priorities = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(priorities));
        }

        /** The node's priority for this unit, or null when a strict rule does not list it. */
        public Integer priorityOf(String node) {
            Integer p = priorities.get(node);
            return p != null || strict ? p : Integer.valueOf(-1);
        }

        /** {@link #priorityOf} as an int ({@link Integer#MIN_VALUE} when a strict rule does not list the node). */
        public int rankOf(String node) {
            Integer p = priorityOf(node);
            return p == null ? Integer.MIN_VALUE : p;
        }

        /** The highest priority among {@code nodes} (null when none of them is listed). */
        public Integer topAmong(Collection<String> nodes) {
            Integer top = null;
            for (String n : nodes) {
                Integer p = priorityOf(n);
                if (p != null && (top == null || p > top)) {
                    top = p;
                }
            }
            return top;
        }
    }

    /** A keep-separate rule keeps {@code partner} (a resource outside the unit) apart from the unit. */
    public record KeepApart(String unit, String partner, String rule) {
    }

    /**
     * Where a resource is, as the keep-separate filter sees it (spec §3.1 step 4, §10.3).
     *
     * @param kind {@code settled} (running there, not leaving), {@code leaving} (migrating away), {@code arriving}
     *             (migration or balanced start heading there), {@code present} (there in another counted state:
     *             stopping, fenced, frozen, in error or recovery) or {@code resident} (only configured there:
     *             stopped or about to start)
     */
    public record Occupies(String sid, String node, String kind) {
        public static final String SETTLED = "settled";
        public static final String LEAVING = "leaving";
        public static final String ARRIVING = "arriving";
        public static final String PRESENT = "present";
        public static final String RESIDENT = "resident";

        /** How an explanation says it: "runs on node2", "is leaving node2", ... */
        public String describe() {
            return switch (kind) {
                case SETTLED -> "runs on " + node;
                case LEAVING -> "is leaving " + node;
                case ARRIVING -> "is moving to " + node;
                case RESIDENT -> "is configured on " + node;
                default -> "is on " + node;
            };
        }

        /** Counts as occupied when choosing a target: everything but a stopped resource's configured node. */
        public boolean occupiesTarget() {
            return !RESIDENT.equals(kind);
        }
    }

    public record FailedOn(String unit, String node) {
    }

    /** A keep-together rule keeps {@code partner} (a resource outside the unit) on the unit's node (H5). */
    public record KeepTogether(String unit, String partner) {
    }

    // ---- derived facts ----------------------------------------------------------------------------------------

    /** Derived facts about one unit (the facade indexes them by unit). */
    public interface AboutUnit {
        String unit();
    }

    /** A node no unit may use (H1, H2). */
    public record NodeExcluded(String node, String filter, String reason) {
        public String describe() {
            return PlacementFactsDrl.describe(filter, reason);
        }
    }

    /** "H2: node is in maintenance"; a rule author's own reason as written. */
    public static String describe(String filter, String reason) {
        return Excluded.RULE.equals(filter) ? reason : filter + ": " + reason;
    }

    /** Every node that no {@link NodeExcluded} names (one fact). */
    public record UsableNodes(SortedSet<String> nodes) {
    }

    /**
     * A node the unit may not use.
     *
     * @param filter the policy concern ({@code H4}, {@code H6}, ... or {@code rule} for a rule author's own)
     * @param reason free text for explanations
     * @param rule   the configured rule behind it, or null
     * @param cause  the resource that causes it (a keep-separate partner), or null
     */
    public record Excluded(String unit, String node, String filter, String reason, String rule, String cause)
            implements AboutUnit {
        /** What a custom rule writes: {@code insertLogical(new Excluded($u, $n, "why"))}. */
        public Excluded(String unit, String node, String reason) {
            this(unit, node, RULE, reason, null, null);
        }

        public Excluded(String unit, String node, String filter, String reason, String rule) {
            this(unit, node, filter, reason, rule, null);
        }

        /** The filter code of a rule author's own exclusion: explanations show its reason alone. */
        public static final String RULE = "rule";

        public String describe() {
            return PlacementFactsDrl.describe(filter, reason);
        }
    }

    /** The unit may only use {@code nodes} (H3: a strict node affinity rule). */
    public record Confined(String unit, SortedSet<String> nodes, String filter, String reason, String rule)
            implements AboutUnit {
        public String describe() {
            return PlacementFactsDrl.describe(filter, reason);
        }
        public Confined {
            nodes = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(nodes));
        }
    }

    /**
     * The nodes that pass every unit-independent and unit filter except keep-separate (H1–H3, H6, custom); derived
     * only for a unit in a keep-separate conflict on its node, to rank who yields.
     */
    public record HardAllowed(String unit, SortedSet<String> nodes) implements AboutUnit {
    }

    /** The nodes that pass every hard filter H1–H6 and the rule authors' own (H7 applies after the class). */
    public record AllowedNodes(String unit, SortedSet<String> nodes) implements AboutUnit {
    }

    /** S1: the priority class the unit is placed in (absent for a unit without node affinity: class 0). */
    public record PreferredClass(String unit, int priority) implements AboutUnit {
    }

    /**
     * How readily a unit gives way in a keep-separate conflict on its current node (spec §10.3): 0 outside its own
     * top class, 1 in it with another node of that class to go to, 2 in it with nowhere else in the class.
     */
    public record YieldRank(String unit, String node, int score) implements AboutUnit {
    }

    /** H5: where a resource counts for its keep-together partners: where it is heading, else where it is. */
    public record Destination(String sid, String node) {
    }

    /** H5: {@code count} of the unit's keep-together partners count on {@code node}. */
    public record TogetherOn(String unit, String node, int count) implements AboutUnit {
    }

    /** H7: a node of the chosen class that is not tried again (the unit already failed there). */
    public record NotRetried(String unit, String node, String reason) implements AboutUnit {
    }

    /** The unit may keep running on its current node although a keep-separate partner is there (spec §10.3). */
    public record MayStay(String unit, String reason) implements AboutUnit {
    }

    /** The unit fails back to its preferred class (spec §1.2 failback, §10.4 S3). */
    public record FailsBack(String unit) implements AboutUnit {
    }

    public record Preferred(String unit, String node) implements AboutUnit {
    }

    public record ReturnTarget(String unit, String node) implements AboutUnit {
    }

    public record MustMove(String unit, String reason) implements AboutUnit {
    }

    public record Blocked(String unit, String reason) implements AboutUnit {
    }

    // ---- helpers the DRL calls --------------------------------------------------------------------------------

    /**
     * {@code usable} less {@code excluded}, inside every confining set; the very same (unmodifiable) set when
     * nothing is taken away, so ten thousand unconstrained units share one set.
     */
    public static SortedSet<String> allowed(SortedSet<String> usable, Collection<?> excluded, Collection<?> confinedSets) {
        boolean unchanged = true;
        for (Object e : excluded) {
            unchanged &= !usable.contains(e);
        }
        for (Object c : confinedSets) {
            unchanged &= ((Collection<?>) c).containsAll(usable);
        }
        if (unchanged) {
            return usable;
        }
        SortedSet<String> out = new TreeSet<>(usable);
        out.removeAll(excluded);
        for (Object c : confinedSets) {
            out.retainAll((Collection<?>) c);
        }
        return java.util.Collections.unmodifiableSortedSet(out);
    }

    /** Every node of {@code all} that {@code excluded} does not name. */
    public static SortedSet<String> usable(Collection<?> all, Collection<?> excluded) {
        SortedSet<String> out = new TreeSet<>();
        for (Object n : all) {
            if (!excluded.contains(n)) {
                out.add((String) n);
            }
        }
        return java.util.Collections.unmodifiableSortedSet(out);
    }

    /** {@link YieldRank#score()} of a unit on {@code current} with the nodes it may use apart from keep-separate. */
    public static int yieldScore(Collection<?> affinities, Set<String> hardAllowed, String current) {
        UnitAffinity a = affinities.isEmpty() ? null : (UnitAffinity) affinities.iterator().next();
        Integer top = a == null ? Integer.valueOf(0) : a.topAmong(hardAllowed);
        Integer here = a == null ? Integer.valueOf(0) : a.priorityOf(current);
        if (top == null || here == null || here < top) {
            return 0;
        }
        for (String n : hardAllowed) {
            if (!n.equals(current) && (a == null || top.equals(a.priorityOf(n)))) {
                return 1;
            }
        }
        return 2;
    }
}
