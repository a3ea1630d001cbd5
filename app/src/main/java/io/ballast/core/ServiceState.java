package io.ballast.core;

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
}
