package io.ballast.core;

/**
 * The CRM manager of one master (spec §1.8): one instance per master term, because Proxmox keeps some
 * timers in memory only (last seen online per node, the rebalancing hold counter); a new master means a
 * new instance. Pure: no clock, no I/O; everything comes in through {@link RoundInput}.
 */
public final class HaManager {

    /** Runs one manager round. */
    public RoundOutput round(RoundInput input) {
        throw new UnsupportedOperationException("manager round not implemented yet");
    }
}
