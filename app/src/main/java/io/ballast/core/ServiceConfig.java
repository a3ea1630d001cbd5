package io.ballast.core;

/**
 * One configured HA resource as the manager sees it in a round, joined with the guest's real location.
 *
 * @param sid            e.g. "vm:101", "ct:102"
 * @param node           node where the guest config really lives (spec §1.1)
 * @param requestedState started, stopped, disabled or ignored
 * @param maxRestart     LRM start retries (not used by the CRM, carried for the status API)
 * @param maxRelocate    CRM relocations after failed starts (spec §2.4)
 * @param failback       spec §3.1 step 5 (a legacy group's nofailback overrides it)
 * @param group          legacy HA group, or null
 * @param lock           guest config lock (e.g. "backup"), or null
 */
public record ServiceConfig(String sid, String node, String requestedState, int maxRestart, int maxRelocate,
                            boolean failback, String group, String lock) {

    public String type() {
        int colon = sid.indexOf(':');
        return colon < 0 ? "" : sid.substring(0, colon);
    }

    /** VMs live-migrate; containers (and the simulator's fa: resources) relocate. */
    public String moveAction() {
        return "vm".equals(type()) ? "migrate" : "relocate";
    }
}
