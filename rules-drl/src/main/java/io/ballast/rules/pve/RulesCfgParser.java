package io.ballast.rules.pve;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import io.ballast.rules.config.Affinity;
import io.ballast.rules.config.NodeAffinityRule;
import io.ballast.rules.config.ResourceAffinityRule;
import io.ballast.rules.config.RuleSet;

/**
 * Parses the Proxmox {@code rules.cfg} section format: {@code <type>: <id>} headers followed by
 * indented {@code key value} lines; '#' comments and blank lines are skipped. Errors name source:line.
 */
public final class RulesCfgParser {

    private static final Pattern HEADER = Pattern.compile("^([a-z-]+):\\s*(\\S+)\\s*$");
    private static final Pattern ID = Pattern.compile("[a-zA-Z][a-zA-Z0-9_-]+");

    private RulesCfgParser() {
    }

    /**
     * Rule id → the property keys the file sets explicitly (e.g. {@code strict} for a written {@code strict 0}):
     * Proxmox lists a written default in its checked config, an omitted one not.
     */
    public static Map<String, Set<String>> writtenKeys(String source, String text) {
        Map<String, Set<String>> out = new TreeMap<>();
        for (SectionConfigReader.Section raw : SectionConfigReader.read(source, text, "rule")) {
            var m = HEADER.matcher(raw.header());
            if (m.matches()) {
                Set<String> keys = new java.util.TreeSet<>();
                raw.properties().forEach(p -> keys.add(p.key()));
                out.put(m.group(2), keys);
            }
        }
        return out;
    }

    public static RuleSet parse(String source, String text) {
        List<NodeAffinityRule> nodeRules = new ArrayList<>();
        List<ResourceAffinityRule> resourceRules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        int order = 0;
        for (SectionConfigReader.Section raw : SectionConfigReader.read(source, text, "rule")) {
            String where = raw.where();
            var m = HEADER.matcher(raw.header());
            if (!m.matches()) {
                throw new IllegalArgumentException(where + ": expected '<type>: <id>' but got '" + raw.header() + "'");
            }
            String type = m.group(1);
            String id = m.group(2);
            if (!type.equals("node-affinity") && !type.equals("resource-affinity")) {
                throw new IllegalArgumentException(where + ": unknown rule type '" + type + "'");
            }
            if (!ID.matcher(id).matches()) {
                throw new IllegalArgumentException(where + ": invalid rule id '" + id + "'");
            }
            if (!ids.add(id)) {
                throw new IllegalArgumentException(where + ": duplicate rule id '" + id + "'");
            }
            Section current = new Section(type, id, where, ++order);
            for (SectionConfigReader.Property p : raw.properties()) {
                current.set(p.key(), p.value(), p.where());
            }
            current.finish(nodeRules, resourceRules);
        }
        return new RuleSet(nodeRules, resourceRules);
    }

    private static final class Section {
        final String type;
        final String id;
        final String where;
        final int order;
        final Map<String, String> props = new TreeMap<>();

        Section(String type, String id, String where, int order) {
            this.type = type;
            this.id = id;
            this.where = where;
            this.order = order;
        }

        void set(String key, String value, String at) {
            Set<String> allowed = type.equals("node-affinity")
                    ? Set.of("resources", "nodes", "strict", "disable", "comment")
                    : Set.of("resources", "affinity", "disable", "comment");
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException(at + ": unknown property '" + key + "' for " + type);
            }
            if (props.put(key, value) != null) {
                throw new IllegalArgumentException(at + ": duplicate property '" + key + "'");
            }
        }

        void finish(List<NodeAffinityRule> nodeRules, List<ResourceAffinityRule> resourceRules) {
            String resources = require("resources");
            List<String> sids = Arrays.stream(resources.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                    .sorted().distinct().toList();
            boolean disabled = flag("disable");
            String comment = props.get("comment");
            if (type.equals("node-affinity")) {
                TreeMap<String, Integer> nodes = new TreeMap<>();
                for (String entry : require("nodes").split(",")) {
                    String[] np = entry.strip().split(":", 2);
                    int prio = 0;
                    if (np.length == 2) {
                        try {
                            prio = Integer.parseInt(np[1]);
                        } catch (NumberFormatException e) {
                            prio = -1;
                        }
                        if (prio < 0) {
                            throw new IllegalArgumentException(where + ": rule '" + id + "': invalid priority '" + np[1]
                                    + "' for node '" + np[0] + "' (integer >= 0)");
                        }
                    }
                    nodes.put(np[0], prio);
                }
                nodeRules.add(new NodeAffinityRule(id, sids, nodes, flag("strict"), disabled, comment, order));
            } else {
                Affinity affinity;
                try {
                    affinity = Affinity.parse(require("affinity"));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(where + ": rule '" + id + "': " + e.getMessage(), e);
                }
                resourceRules.add(new ResourceAffinityRule(id, sids, affinity, disabled, comment, order));
            }
        }

        private String require(String key) {
            String v = props.get(key);
            if (v == null || v.isEmpty()) {
                throw new IllegalArgumentException(where + ": rule '" + id + "' is missing property '" + key + "'");
            }
            return v;
        }

        private boolean flag(String key) {
            // a bare "disable" line means 1, as in Proxmox
            String v = props.getOrDefault(key, "0");
            return switch (v) {
                case "1", "" -> true;
                case "0" -> false;
                default -> throw new IllegalArgumentException(where + ": rule '" + id + "': property '" + key
                        + "' must be 0 or 1, got '" + v + "'");
            };
        }
    }
}
