package io.ballast.rules.pve;

/**
 * The {@code crs:} property string of {@code datacenter.cfg} (spec §6.1). Threshold and margin are
 * stored in percent as configured ([FIX]: divide by 100 where the 0..1 imbalance is compared).
 * {@code automationLevel} is Ballast's own ({@code full}, {@code partial}, {@code manual}; null reads as
 * {@code full}): whether rebalancing moves run at once or are proposed for an operator to apply.
 */
public record CrsConfig(String mode, boolean rebalanceOnStart, boolean autoRebalance, double thresholdPercent,
                        String method, double holdRounds, double marginPercent, String automationLevel) {

    public static final CrsConfig DEFAULTS = new CrsConfig("basic", false, false, 30, "bruteforce", 3, 10, "full");

    /** The Proxmox settings alone: automation level {@code full}, as Proxmox behaves. */
    public CrsConfig(String mode, boolean rebalanceOnStart, boolean autoRebalance, double thresholdPercent,
                     String method, double holdRounds, double marginPercent) {
        this(mode, rebalanceOnStart, autoRebalance, thresholdPercent, method, holdRounds, marginPercent, "full");
    }

    /** The same settings at another automation level. */
    public CrsConfig withAutomationLevel(String level) {
        return new CrsConfig(mode, rebalanceOnStart, autoRebalance, thresholdPercent, method, holdRounds,
                marginPercent, level);
    }
}
