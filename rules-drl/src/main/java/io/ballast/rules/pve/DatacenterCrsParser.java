package io.ballast.rules.pve;

import java.util.HashSet;
import java.util.Set;

/** Reads the {@code crs:} line of a Proxmox {@code datacenter.cfg}; other lines are ignored. */
public final class DatacenterCrsParser {

    private DatacenterCrsParser() {
    }

    /** @return the parsed settings, or {@link CrsConfig#DEFAULTS} when there is no {@code crs:} line */
    public static CrsConfig parse(String source, String text) {
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.startsWith("crs:")) {
                return parseValue(source + ":" + (i + 1), line.substring(4).strip());
            }
        }
        return CrsConfig.DEFAULTS;
    }

    /** Parses a property string such as {@code ha=static,ha-rebalance-on-start=1}. */
    public static CrsConfig parseValue(String where, String value) {
        CrsConfig c = CrsConfig.DEFAULTS;
        String mode = c.mode();
        boolean onStart = c.rebalanceOnStart();
        boolean auto = c.autoRebalance();
        double threshold = c.thresholdPercent();
        String method = c.method();
        double hold = c.holdRounds();
        double margin = c.marginPercent();
        Set<String> seen = new HashSet<>();
        for (String part : value.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            String[] kv = part.strip().split("=", 2);
            String key = kv[0].strip();
            String v = kv.length > 1 ? kv[1].strip() : "";
            if (!seen.add(key)) {
                throw new IllegalArgumentException(where + ": crs: duplicate key '" + key + "'");
            }
            switch (key) {
                case "ha" -> mode = oneOf(where, key, v, "basic", "static", "dynamic");
                case "ha-rebalance-on-start" -> onStart = bool(where, key, v);
                case "ha-auto-rebalance" -> auto = bool(where, key, v);
                case "ha-auto-rebalance-threshold" -> threshold = number(where, key, v, 0, 100);
                case "ha-auto-rebalance-method" -> method = oneOf(where, key, v, "bruteforce", "topsis");
                case "ha-auto-rebalance-hold-duration" -> hold = number(where, key, v, 0, Double.MAX_VALUE);
                case "ha-auto-rebalance-margin" -> margin = number(where, key, v, 0, 100);
                default -> throw new IllegalArgumentException(where + ": crs: unknown key '" + key + "'");
            }
        }
        return new CrsConfig(mode, onStart, auto, threshold, method, hold, margin);
    }

    private static String oneOf(String where, String key, String v, String... allowed) {
        for (String a : allowed) {
            if (a.equals(v)) {
                return v;
            }
        }
        throw new IllegalArgumentException(where + ": crs: " + key + "='" + v + "' is not one of "
                + String.join(", ", allowed));
    }

    private static boolean bool(String where, String key, String v) {
        return switch (v) {
            case "1" -> true;
            case "0" -> false;
            default -> throw new IllegalArgumentException(where + ": crs: " + key + " must be 0 or 1, got '" + v + "'");
        };
    }

    private static double number(String where, String key, String v, double min, double max) {
        double d;
        try {
            d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": crs: " + key + " must be a number, got '" + v + "'", e);
        }
        if (d < min || d > max) {
            throw new IllegalArgumentException(where + ": crs: " + key + "=" + v + " is out of range");
        }
        return d;
    }
}
