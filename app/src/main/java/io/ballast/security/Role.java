package io.ballast.security;

import java.util.Locale;

/** What a token may do; each role includes the ones before it. */
public enum Role {
    /** every GET: configuration, status, explanations, the audit-facing lists. */
    VIEWER,
    /** resource commands, maintenance, arm/disarm, what-if, simulator faults. */
    OPERATOR,
    /** configuration: resources, rules, CRS, import, rule-base reload, tokens. */
    ADMIN;

    public boolean includes(Role other) {
        return compareTo(other) >= 0;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role named {@code value} (viewer, operator, admin), or an IllegalArgumentException naming the choices. */
    public static Role of(String value) {
        if (value != null) {
            for (Role r : values()) {
                if (r.id().equals(value.strip().toLowerCase(Locale.ROOT))) {
                    return r;
                }
            }
        }
        throw new IllegalArgumentException("role must be viewer, operator or admin");
    }
}
