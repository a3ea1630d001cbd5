package io.ballast.rules.facts;

/** Facts and derived records of the placement DRL (spec §10.4); nested to keep one file per concern. */
public final class PlacementFactsDrl {

    private PlacementFactsDrl() {
    }

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

    public record UnitFact(String id, String current, String maintenanceNode, boolean failback) {
    }

    /** A tag of a node (operator-assigned, e.g. {@code old-hw}); custom rules match on it. */
    public record NodeTag(String node, String tag) {
    }

    /** A tag of a unit: the union of its members' guest tags (e.g. {@code db}). */
    public record UnitTag(String unit, String tag) {
    }

    /** Node affinity of a unit: priority per node; strict = only these nodes. */
    public record UnitPriority(String unit, String node, int priority, boolean strict) {
    }

    /** A negative partner of a member of {@code unit} occupies {@code node}. */
    public record PartnerOn(String unit, String node, String partner) {
    }

    public record FailedOn(String unit, String node) {
    }

    public record Excluded(String unit, String node, String reason) {
    }

    public record Allowed(String unit, String node, int priority) {
    }

    public record Preferred(String unit, String node) {
    }

    public record ReturnTarget(String unit, String node) {
    }

    public record MustMove(String unit, String reason) {
    }

    public record Blocked(String unit, String reason) {
    }
}
