package io.ballast.core;

import java.util.Locale;

/**
 * How far the manager acts on its own (CRS setting {@code automation-level}, like vSphere DRS). Failover, recovery
 * and maintenance evacuation are automatic at every level: availability never waits for an operator.
 */
public enum AutomationLevel {
    /** Every decision runs at once (Proxmox's behaviour, the default). */
    FULL,
    /** Automatic rebalancing is proposed; failover, maintenance, failback and starts stay automatic. */
    PARTIAL,
    /** As partial, and failback moves of running guests are proposed too. */
    MANUAL;

    /** The level named by {@code value}; null or unknown reads as {@link #FULL}, as before the setting existed. */
    public static AutomationLevel parse(String value) {
        if (value == null) {
            return FULL;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "partial" -> PARTIAL;
            case "manual" -> MANUAL;
            default -> FULL;
        };
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether automatic rebalancing moves wait for an operator. */
    boolean proposesRebalancing() {
        return this != FULL;
    }

    /** Whether failback moves of running guests wait for an operator. */
    boolean proposesFailback() {
        return this == MANUAL;
    }
}
