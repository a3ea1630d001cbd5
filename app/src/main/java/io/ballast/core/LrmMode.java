package io.ballast.core;

import java.util.Locale;

/** Mode an LRM reports to the CRM (spec §1.4). */
public enum LrmMode {
    ACTIVE, MAINTENANCE, RESTART, SHUTDOWN, DISARM;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static LrmMode parse(String key) {
        return valueOf(key.trim().toUpperCase(Locale.ROOT));
    }
}
