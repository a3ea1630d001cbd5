package io.ballast.rules.config;

import java.util.Locale;

/** Resource-affinity kind: keep together (positive) or keep separate (negative). */
public enum Affinity {
    POSITIVE, NEGATIVE;

    public static Affinity parse(String value) {
        return switch (value == null ? "" : value.trim().toLowerCase(Locale.ROOT)) {
            case "positive" -> POSITIVE;
            case "negative" -> NEGATIVE;
            default -> throw new IllegalArgumentException("unknown affinity '" + value + "' (positive, negative)");
        };
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
