package io.ballast.core;

import java.util.Locale;

/** CRM view of a node (spec §1.4); only {@link #ONLINE} nodes are placement candidates. */
public enum NodeState {
    ONLINE, MAINTENANCE, UNKNOWN, FENCE, GONE;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static NodeState parse(String key) {
        return valueOf(key.trim().toUpperCase(Locale.ROOT));
    }
}
