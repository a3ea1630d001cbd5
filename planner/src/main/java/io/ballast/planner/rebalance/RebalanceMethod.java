package io.ballast.planner.rebalance;

import java.util.Locale;

/** {@code crs: ha-auto-rebalance-method}: how one migration is chosen per round, or a whole plan. */
public enum RebalanceMethod {
    /** Proxmox: try every candidate, keep the lowest resulting imbalance. */
    BRUTEFORCE,
    /** Proxmox: rank candidates' resulting clusters by TOPSIS closeness. */
    TOPSIS,
    /** Ballast: one Timefold solve for a multi-migration plan. */
    PLAN;

    public static RebalanceMethod parse(String value) {
        return switch (value == null ? "bruteforce" : value.trim().toLowerCase(Locale.ROOT)) {
            case "bruteforce" -> BRUTEFORCE;
            case "topsis" -> TOPSIS;
            case "plan" -> PLAN;
            default -> throw new IllegalArgumentException(
                    "unknown rebalance method '" + value + "' (bruteforce, topsis, plan)");
        };
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
