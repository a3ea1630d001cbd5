package io.ballast.proxmox;

/**
 * A guest Ballast manages as an HA resource (its node comes from the cluster, not from here).
 *
 * @param sid            vm:ID or ct:ID
 * @param requestedState started, stopped, disabled or ignored
 */
public record ManagedResource(String sid, String requestedState, int maxRestart, int maxRelocate, boolean failback,
                              String group) {

    /** Proxmox's defaults: started, 1 restart, 1 relocation, failback on. */
    public static ManagedResource started(String sid) {
        return new ManagedResource(sid, "started", 1, 1, true, null);
    }

    public ManagedResource withRequestedState(String state) {
        return new ManagedResource(sid, state, maxRestart, maxRelocate, failback, group);
    }
}
