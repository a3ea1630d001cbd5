package io.ballast.rules.facts;

/**
 * Derived: rule {@code ruleId} fails feasibility check {@code check} (1–7, spec §4.3).
 * {@code cause} names the conflicting rule or resource so that one rule failing against two partners
 * is logged twice, as Proxmox does.
 */
public record Drop(String ruleId, int check, String reason, String cause) {
}
