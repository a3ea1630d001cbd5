package io.ballast.rules.pve;

/**
 * One {@code resources.cfg} entry (spec §1.2).
 *
 * @param sid         e.g. "vm:101"
 * @param state       started, stopped, disabled or ignored ("enabled" is read as started)
 * @param group       legacy HA group, may be null
 * @param rebalance   [EXT] 0 excludes the resource from automatic rebalancing
 */
public record ResourceConfig(String sid, String state, int maxRestart, int maxRelocate, boolean failback,
                             String comment, String group, boolean rebalance) {
}
