package io.ballast.rules.pve;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses Proxmox {@code resources.cfg}: {@code vm: 101} / {@code ct: 200} sections with indented properties. */
public final class ResourcesCfgParser {

    private static final Pattern HEADER = Pattern.compile("^(vm|ct):\\s*(\\d+)\\s*$");

    private ResourcesCfgParser() {
    }

    public static List<ResourceConfig> parse(String source, String text) {
        List<ResourceConfig> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (SectionConfigReader.Section section : SectionConfigReader.read(source, text, "resource")) {
            Matcher m = HEADER.matcher(section.header());
            if (!m.matches()) {
                throw new IllegalArgumentException(section.where() + ": expected 'vm: <id>' or 'ct: <id>' but got '"
                        + section.header() + "'");
            }
            String sid = m.group(1) + ":" + m.group(2);
            if (!seen.add(sid)) {
                throw new IllegalArgumentException(section.where() + ": duplicate resource '" + sid + "'");
            }
            Builder current = new Builder(sid);
            for (SectionConfigReader.Property p : section.properties()) {
                current.set(p.where(), p.key(), p.value());
            }
            out.add(current.build());
        }
        return out;
    }

    private static final class Builder {
        final String sid;
        String state = "started";
        int maxRestart = 1;
        int maxRelocate = 1;
        boolean failback = true;
        String comment;
        String group;
        boolean rebalance = true;

        Builder(String sid) {
            this.sid = sid;
        }

        void set(String where, String key, String v) {
            switch (key) {
                case "state" -> state = switch (v) {
                    case "started", "enabled" -> "started";
                    case "stopped", "disabled", "ignored" -> v;
                    default -> throw new IllegalArgumentException(where + ": " + sid + ": unknown state '" + v
                            + "' (started, stopped, disabled, ignored)");
                };
                case "max_restart" -> maxRestart = count(where, key, v);
                case "max_relocate" -> maxRelocate = count(where, key, v);
                case "failback" -> failback = bool(where, key, v);
                case "rebalance" -> rebalance = bool(where, key, v);
                case "comment" -> comment = v;
                case "group" -> group = v;
                default -> throw new IllegalArgumentException(where + ": " + sid + ": unknown property '" + key + "'");
            }
        }

        private int count(String where, String key, String v) {
            try {
                int n = Integer.parseInt(v);
                if (n >= 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(where + ": " + sid + ": " + key + " must be an integer >= 0, got '" + v + "'");
        }

        private boolean bool(String where, String key, String v) {
            return switch (v) {
                case "1" -> true;
                case "0" -> false;
                default -> throw new IllegalArgumentException(where + ": " + sid + ": " + key + " must be 0 or 1, got '" + v + "'");
            };
        }

        ResourceConfig build() {
            return new ResourceConfig(sid, state, maxRestart, maxRelocate, failback, comment, group, rebalance);
        }
    }
}
