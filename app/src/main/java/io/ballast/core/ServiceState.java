package io.ballast.core;

import io.ballast.rules.facts.PlacementFactsDrl.Occupies;

import java.util.Locale;

/** The eleven CRM service states of spec §1.6 (there is no "disabled" CRM state). */
public enum ServiceState {
    REQUEST_START, REQUEST_START_BALANCE, STARTED, REQUEST_STOP, STOPPED, MIGRATE, RELOCATE, FENCE, RECOVERY,
    FREEZE, ERROR;

    /** The name used in the persisted status and in log lines, e.g. "request_start". */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ServiceState parse(String key) {
        return valueOf(key.trim().toUpperCase(Locale.ROOT));
    }

    /** migrate, relocate and request_start_balance carry a target node. */
    public boolean isMoving() {
        return this == MIGRATE || this == RELOCATE || this == REQUEST_START_BALANCE;
    }

    /**
     * Where a resource in this state is, for the placement policy's keep-separate rules (spec §3.1 step 4,
     * §10.3): node → {@link io.ballast.rules.facts.PlacementFactsDrl.Occupies} kind.
     */
    public java.util.SortedMap<String, String> occupancy(String node, String target) {
        java.util.SortedMap<String, String> where = new java.util.TreeMap<>();
        boolean moving = isMoving() && target != null && !target.equals(node);
        if (node != null) {
            where.put(node, switch (this) {
                case STOPPED, REQUEST_START, REQUEST_START_BALANCE -> Occupies.RESIDENT;
                case STARTED -> Occupies.SETTLED;
                case MIGRATE, RELOCATE -> moving ? Occupies.LEAVING : Occupies.PRESENT;
                default -> Occupies.PRESENT;
            });
        }
        // a balanced start whose target is its own node is still heading there (the usage model counts it so)
        if (moving || (this == REQUEST_START_BALANCE && target != null)) {
            where.put(target, Occupies.ARRIVING);
        }
        return where;
    }
}
