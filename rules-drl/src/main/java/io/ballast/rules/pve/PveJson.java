package io.ballast.rules.pve;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Prints nested maps the way the Proxmox test harness does: sorted keys, three-space indentation,
 * {@code " : "} between key and value, empty objects as {@code {}}. Values: maps, strings, integers.
 */
public final class PveJson {

    private PveJson() {
    }

    public static String print(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value, 0);
        return out.toString();
    }

    private static void write(StringBuilder out, Object value, int depth) {
        if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                out.append("{}");
                return;
            }
            SortedMap<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
            out.append("{\n");
            int i = 0;
            for (Map.Entry<String, Object> e : sorted.entrySet()) {
                out.append("   ".repeat(depth + 1)).append('"').append(e.getKey()).append("\" : ");
                write(out, e.getValue(), depth + 1);
                out.append(++i < sorted.size() ? ",\n" : "\n");
            }
            out.append("   ".repeat(depth)).append('}');
        } else if (value instanceof Number n) {
            out.append(n);
        } else {
            out.append('"').append(String.valueOf(value).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
    }
}
