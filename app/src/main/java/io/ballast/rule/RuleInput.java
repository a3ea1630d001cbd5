package io.ballast.rule;

import io.ballast.resource.ResourceInput;
import io.ballast.web.ApiException;
import io.ballast.web.FieldError;
import io.ballast.web.Inputs;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Parses and validates a rule create/update body, collecting every bad field. */
final class RuleInput {

    static final Pattern ID = Pattern.compile("^[a-zA-Z][a-zA-Z0-9_-]+$");
    /** Highest {@code order}: leaves room for "after the last rule" without overflowing an int. */
    static final int MAX_ORDER = 1_000_000;
    private static final Pattern NODE = Pattern.compile("^[a-zA-Z0-9]([a-zA-Z0-9.-]*[a-zA-Z0-9])?$");
    private static final Set<String> NODE_KEYS = Set.of("resources", "nodes", "strict", "disable", "comment", "order");
    private static final Set<String> RESOURCE_KEYS = Set.of("resources", "affinity", "disable", "comment", "order");

    private RuleInput() {
    }

    static String id(Object raw) {
        if (!(raw instanceof String s) || !ID.matcher(s).matches() || s.length() > 128) {
            throw ApiException.invalid("rule", raw == null ? "required"
                    : "must start with a letter, then letters, digits, '-' or '_' (2-128 characters), got '"
                    + Inputs.shown(raw) + "'");
        }
        return s;
    }

    static String type(Object raw) {
        if (!RuleConfig.NODE_AFFINITY.equals(raw) && !RuleConfig.RESOURCE_AFFINITY.equals(raw)) {
            throw ApiException.invalid("type", raw == null ? "required (node-affinity or resource-affinity)"
                    : "must be node-affinity or resource-affinity, got '" + Inputs.shown(raw) + "'");
        }
        return (String) raw;
    }

    /**
     * Applies the body's keys on top of {@code base}; keys in {@code delete} go back to their default.
     * Referenced resources and nodes must exist.
     */
    static RuleConfig apply(RuleConfig base, Map<String, Object> body, List<?> delete, boolean creating,
                            Collection<String> knownResources, Collection<String> knownNodes) {
        List<FieldError> errors = new ArrayList<>();
        boolean nodeRule = base.nodeAffinity();
        Set<String> allowed = nodeRule ? NODE_KEYS : RESOURCE_KEYS;
        TreeSet<String> resources = new TreeSet<>(base.resources());
        TreeMap<String, Integer> nodes = new TreeMap<>(base.nodes());
        boolean strict = base.strict();
        String affinity = base.affinity();
        boolean disable = base.disable();
        String comment = base.comment();
        int order = base.order();
        if (delete != null) {
            for (Object k : delete) {
                switch (String.valueOf(k)) {
                    case "comment" -> comment = null;
                    case "disable" -> disable = false;
                    case "strict" -> {
                        if (nodeRule) {
                            strict = false;
                        } else {
                            errors.add(new FieldError("delete", "'strict' applies to node-affinity rules only"));
                        }
                    }
                    default -> errors.add(new FieldError("delete", "cannot reset '" + Inputs.shown(k) + "' (comment, disable, strict)"));
                }
            }
        }
        for (Map.Entry<String, Object> e : body.entrySet()) {
            String key = e.getKey();
            Object v = e.getValue();
            if (!allowed.contains(key)) {
                boolean otherType = NODE_KEYS.contains(key) || RESOURCE_KEYS.contains(key);
                errors.add(new FieldError(key, otherType ? "does not apply to " + base.type() + " rules" : "unknown property"));
                continue;
            }
            switch (key) {
                case "resources" -> {
                    TreeSet<String> parsed = resources(errors, v, knownResources);
                    if (parsed != null) {
                        resources = parsed;
                    }
                }
                case "nodes" -> {
                    TreeMap<String, Integer> parsed = nodes(errors, v, knownNodes);
                    if (parsed != null) {
                        nodes = parsed;
                    }
                }
                case "strict" -> strict = Inputs.flag(errors, key, v, strict);
                case "disable" -> disable = Inputs.flag(errors, key, v, disable);
                case "affinity" -> {
                    if (!"positive".equals(v) && !"negative".equals(v)) {
                        errors.add(new FieldError("affinity", "must be positive or negative, got '" + Inputs.shown(v) + "'"));
                    } else {
                        affinity = (String) v;
                    }
                }
                case "comment" -> comment = Inputs.comment(errors, v, comment);
                default -> {   // order
                    if (v instanceof Integer i && i >= 0 && i <= MAX_ORDER) {
                        order = i;
                    } else {
                        errors.add(new FieldError("order", "must be an integer 0-" + MAX_ORDER + ", got " + Inputs.shown(v)));
                    }
                }
            }
        }
        if (creating && !body.containsKey("resources")) {
            errors.add(new FieldError("resources", "required"));
        }
        if (creating && nodeRule && !body.containsKey("nodes")) {
            errors.add(new FieldError("nodes", "required for node-affinity rules"));
        }
        if (creating && !nodeRule && !body.containsKey("affinity")) {
            errors.add(new FieldError("affinity", "required for resource-affinity rules (positive or negative)"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return new RuleConfig(base.id(), base.type(), resources, nodes, strict, affinity, disable, comment, order);
    }

    /** A list of sids or Proxmox's comma separated string; bare VMIDs mean vm:ID. */
    private static TreeSet<String> resources(List<FieldError> errors, Object v, Collection<String> known) {
        List<?> items = Inputs.list(v);
        if (items == null || items.isEmpty()) {
            errors.add(new FieldError("resources", "must be a non-empty list of sids or a comma separated string"));
            return null;
        }
        TreeSet<String> out = new TreeSet<>();
        for (Object item : items) {
            String sid;
            try {
                sid = ResourceInput.sid(item instanceof String s ? s.strip() : item, null);
            } catch (ApiException e) {
                errors.add(new FieldError("resources", e.errors().get(0).reason()));
                continue;
            }
            if (!known.contains(sid)) {
                errors.add(new FieldError("resources", "resource '" + sid + "' is not a configured HA resource"));
            }
            out.add(sid);
        }
        return out;
    }

    /** {@code node1:2,node2} (Proxmox), a list of such entries, or an object node → priority. */
    private static TreeMap<String, Integer> nodes(List<FieldError> errors, Object v, Collection<String> known) {
        TreeMap<String, Integer> out = new TreeMap<>();
        if (v instanceof Map<?, ?> m && !m.isEmpty()) {
            m.forEach((node, prio) -> node(errors, out, String.valueOf(node), prio, known));
            return out;
        }
        List<?> items = Inputs.list(v);
        if (items == null || items.isEmpty()) {
            errors.add(new FieldError("nodes", "must be a non-empty list like node1:2,node2 (node[:priority])"));
            return null;
        }
        for (Object item : items) {
            String[] parts = String.valueOf(item).strip().split(":", 2);
            Object prio = 0;
            if (parts.length == 2) {
                try {
                    prio = Integer.parseInt(parts[1].strip());
                } catch (NumberFormatException e) {
                    prio = parts[1];
                }
            }
            node(errors, out, parts[0].strip(), prio, known);
        }
        return out;
    }

    private static void node(List<FieldError> errors, Map<String, Integer> out, String node, Object prio,
                             Collection<String> known) {
        if (!NODE.matcher(node).matches()) {
            errors.add(new FieldError("nodes", "invalid node name '" + Inputs.shown(node) + "'"));
        } else if (!known.contains(node)) {
            errors.add(new FieldError("nodes", "node '" + node + "' is not a cluster node"));
        } else if (!(prio instanceof Integer p) || p < 0) {
            errors.add(new FieldError("nodes", "priority of node '" + node + "' must be an integer >= 0, got " + Inputs.shown(prio)));
        } else if (out.put(node, p) != null) {
            errors.add(new FieldError("nodes", "node '" + node + "' listed twice"));
        }
    }
}
