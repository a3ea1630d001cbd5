package io.ballast.rules.pve;

/**
 * The {@code crs:} property string of {@code datacenter.cfg} (spec §6.1). Threshold and margin are
 * stored in percent as configured ([FIX]: divide by 100 where the 0..1 imbalance is compared).
 */
public record CrsConfig(String mode, boolean rebalanceOnStart, boolean autoRebalance, double thresholdPercent,
                        String method, double holdRounds, double marginPercent) {

    public static final CrsConfig DEFAULTS = new CrsConfig("basic", false, false, 30, "bruteforce", 3, 10);
}
