package io.ballast.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import io.ballast.rules.config.RuleSet;
import io.ballast.rules.pve.CrsConfig;
import io.ballast.rules.pve.DatacenterCrsParser;
import io.ballast.rules.pve.RulesCfgParser;
import io.ballast.sim.SimCase.DynamicStats;
import io.ballast.sim.SimCase.GroupSpec;
import io.ballast.sim.SimCase.NodeSpec;
import io.ballast.sim.SimCase.ServiceSpec;
import io.ballast.sim.SimCase.StaticStats;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a case directory in the conformance kit's format (FORMAT.md §1). Every problem is reported as a
 * {@link CaseLoadException} naming the file and the reason; nothing is partially loaded.
 */
public final class CaseLoader {
    /** The largest cluster a case may describe (Proxmox's own simulator stops at 29). */
    static final int MAX_NODES = 256;


    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String RESOURCE_ID = "(vm|ct|fa):\\d+";

    private CaseLoader() {
    }

    public static SimCase load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new CaseLoadException(dir.toString(), "not a directory");
        }
        SortedMap<String, NodeSpec> nodes = nodes(dir);
        SortedMap<String, ServiceSpec> services = services(dir);
        Map<String, Object> managerStatus = optionalObject(dir, "manager_status");
        String rulesText = optionalText(dir, "rules_config");
        RuleSet rules = RuleSet.EMPTY;
        if (rulesText != null) {
            try {
                rules = RulesCfgParser.parse(dir.resolve("rules_config").toString(), rulesText);
            } catch (IllegalArgumentException e) {
                throw CaseLoadException.located(dir.resolve("rules_config").toString(), e);
            }
        }
        SortedMap<String, GroupSpec> groups = groups(dir);
        Map<String, Object> datacenter = optionalObject(dir, "datacenter.cfg");
        CrsConfig crs = crs(dir, datacenter);
        String shutdownPolicy = "conditional";
        int maxWorkers = 4;
        if (datacenter.get("ha") instanceof Map<?, ?> ha) {
            if (ha.get("shutdown_policy") != null) {
                shutdownPolicy = String.valueOf(ha.get("shutdown_policy"));
            }
        } else if (datacenter.containsKey("ha")) {
            throw new CaseLoadException(dir.resolve("datacenter.cfg").toString(), "'ha' must be an object");
        }
        if (datacenter.get("max_workers") != null) {
            maxWorkers = (int) number(dir.resolve("datacenter.cfg"), "max_workers", datacenter.get("max_workers"));
        }
        Map<String, StaticStats> staticStats = staticStats(dir);
        Map<String, DynamicStats> dynamicStats = dynamicStats(dir);
        List<List<SimCommand>> cmdlist = cmdlist(dir, nodes);
        return new SimCase(dir, nodes, services, managerStatus, rulesText, rules, groups, datacenter, crs, shutdownPolicy,
                maxWorkers, staticStats, dynamicStats, cmdlist, runningGuests(dir, nodes));
    }

    private static SortedMap<String, NodeSpec> nodes(Path dir) {
        Path file = dir.resolve("hardware_status");
        SortedMap<String, NodeSpec> nodes = new TreeMap<>();
        if (!Files.exists(file)) {
            // the simulator's default cluster
            for (String n : List.of("node1", "node2", "node3")) {
                nodes.put(n, new NodeSpec(false, false, null, null, null));
            }
            return nodes;
        }
        Map<String, Object> raw = object(file);
        if (raw.isEmpty()) {
            throw new CaseLoadException(file.toString(), "no nodes defined");
        }
        for (var e : raw.entrySet()) {
            String where = "node '" + e.getKey() + "'";
            if (!(e.getValue() instanceof Map<?, ?> m)) {
                throw new CaseLoadException(file.toString(), where + " must be an object");
            }
            boolean power = onOff(file, where + " power", m.get("power"));
            boolean network = onOff(file, where + " network", m.get("network"));
            Double maxcpu = m.get("maxcpu") == null ? null : number(file, where + " maxcpu", m.get("maxcpu"));
            Long maxmem = m.get("maxmem") == null ? null : (long) number(file, where + " maxmem", m.get("maxmem"));
            Object version = m.get("pve-manager-version");
            nodes.put(e.getKey(), new NodeSpec(power, network, maxcpu, maxmem, version == null ? null : version.toString()));
        }
        if (nodes.size() > MAX_NODES) {
            throw new CaseLoadException(file.toString(), "unable to simulate " + nodes.size() + " nodes (at most " + MAX_NODES + ")");
        }
        return nodes;
    }

    private static boolean onOff(Path file, String what, Object v) {
        if ("on".equals(v)) {
            return true;
        }
        if ("off".equals(v) || v == null) {
            return false;
        }
        throw new CaseLoadException(file.toString(), what + " must be 'on' or 'off', got '" + v + "'");
    }

    private static SortedMap<String, ServiceSpec> services(Path dir) {
        Path file = dir.resolve("service_config");
        SortedMap<String, ServiceSpec> services = new TreeMap<>();
        if (!Files.exists(file)) {
            for (int i = 1; i <= 6; i++) {
                services.put("vm:10" + i, new ServiceSpec("node" + ((i - 1) % 3 + 1), "disabled", true, 1, 1,
                        null, null, null));
            }
            return services;
        }
        for (var e : object(file).entrySet()) {
            String sid = e.getKey();
            if (!sid.matches(RESOURCE_ID)) {
                throw new CaseLoadException(file.toString(), "invalid resource id '" + sid + "' (expected vm|ct|fa:<number>)");
            }
            if (!(e.getValue() instanceof Map<?, ?> m)) {
                throw new CaseLoadException(file.toString(), "resource '" + sid + "' must be an object");
            }
            services.put(sid, service(file, sid, m));
        }
        return services;
    }

    static ServiceSpec service(Path file, String sid, Map<?, ?> m) {
        Object node = m.get("node");
        if (node == null || node.toString().isBlank()) {
            throw new CaseLoadException(file.toString(), "service '" + sid + "' without assigned node");
        }
        String state = m.get("state") == null ? "disabled" : m.get("state").toString();
        if (state.equals("enabled")) {
            state = "started";
        }
        if (!state.matches("started|stopped|disabled|ignored")) {
            throw new CaseLoadException(file.toString(), "resource '" + sid + "' has unknown state '" + state + "'");
        }
        boolean failback = m.get("failback") == null || number(file, sid + " failback", m.get("failback")) != 0;
        int maxRestart = m.get("max_restart") == null ? 1 : (int) number(file, sid + " max_restart", m.get("max_restart"));
        int maxRelocate = m.get("max_relocate") == null ? 1
                : (int) number(file, sid + " max_relocate", m.get("max_relocate"));
        return new ServiceSpec(node.toString(), state, failback, maxRestart, maxRelocate, str(m.get("group")),
                str(m.get("lock")), str(m.get("comment")));
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    private static double number(Path file, String what, Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(String.valueOf(v).strip());
        } catch (NumberFormatException e) {
            throw new CaseLoadException(file.toString(), what + " must be a number, got '" + v + "'");
        }
    }

    private static SortedMap<String, GroupSpec> groups(Path dir) {
        Path file = dir.resolve("groups");
        String text = optionalText(dir, "groups");
        SortedMap<String, GroupSpec> groups = new TreeMap<>();
        if (text == null) {
            return groups;
        }
        String id = null;
        Map<String, Integer> nodes = null;
        boolean restricted = false;
        boolean nofailback = false;
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i <= lines.length; i++) {
            String line = i < lines.length ? lines[i] : "";
            String where = "line " + (i + 1);
            if (line.isBlank() || line.startsWith("#")) {
                if (id != null && line.isBlank()) {
                    if (nodes == null) {
                        throw new CaseLoadException(file.toString(), "group '" + id + "' without nodes");
                    }
                    groups.put(id, new GroupSpec(id, nodes, restricted, nofailback));
                    id = null;
                }
                continue;
            }
            if (!Character.isWhitespace(line.charAt(0))) {
                var m = java.util.regex.Pattern.compile("^group:\\s*(\\S+)\\s*$").matcher(line);
                if (!m.matches() || id != null) {
                    throw new CaseLoadException(file.toString(), where + ": expected 'group: <id>', got '" + line + "'");
                }
                id = m.group(1);
                nodes = null;
                restricted = false;
                nofailback = false;
                continue;
            }
            if (id == null) {
                throw new CaseLoadException(file.toString(), where + ": property outside of a group section");
            }
            String[] kv = line.strip().split("\\s+", 2);
            String value = kv.length > 1 ? kv[1] : "";
            switch (kv[0]) {
                case "nodes" -> {
                    nodes = new LinkedHashMap<>();
                    for (String part : value.split(",")) {
                        String[] np = part.strip().split(":");
                        try {
                            nodes.put(np[0], np.length > 1 ? Integer.parseInt(np[1]) : 0);
                        } catch (NumberFormatException e) {
                            throw new CaseLoadException(file.toString(), where + ": bad node priority '" + part + "'");
                        }
                    }
                }
                case "restricted" -> restricted = value.equals("1");
                case "nofailback" -> nofailback = value.equals("1");
                case "comment" -> { }
                default -> throw new CaseLoadException(file.toString(), where + ": unknown group property '" + kv[0] + "'");
            }
        }
        return groups;
    }

    private static CrsConfig crs(Path dir, Map<String, Object> datacenter) {
        Object crs = datacenter.get("crs");
        if (crs == null) {
            return CrsConfig.DEFAULTS;
        }
        Path file = dir.resolve("datacenter.cfg");
        if (!(crs instanceof Map<?, ?> m)) {
            throw new CaseLoadException(file.toString(), "'crs' must be an object");
        }
        StringBuilder prop = new StringBuilder();
        for (var e : m.entrySet()) {
            if (prop.length() > 0) {
                prop.append(',');
            }
            prop.append(e.getKey()).append('=').append(e.getValue());
        }
        try {
            return DatacenterCrsParser.parseValue(file + " crs", prop.toString());
        } catch (IllegalArgumentException e) {
            throw CaseLoadException.located(file.toString(), e);
        }
    }

    private static Map<String, StaticStats> staticStats(Path dir) {
        Path file = dir.resolve("static_service_stats");
        if (!Files.exists(file)) {
            return null;
        }
        Map<String, StaticStats> out = new TreeMap<>();
        for (var e : object(file).entrySet()) {
            if (!(e.getValue() instanceof Map<?, ?> m)) {
                throw new CaseLoadException(file.toString(), "'" + e.getKey() + "' must be an object");
            }
            double cpu = m.get("maxcpu") == null ? 0 : number(file, e.getKey() + " maxcpu", m.get("maxcpu"));
            long mem = m.get("maxmem") == null ? 0 : (long) number(file, e.getKey() + " maxmem", m.get("maxmem"));
            out.put(e.getKey(), new StaticStats(cpu, mem));
        }
        return out;
    }

    private static Map<String, DynamicStats> dynamicStats(Path dir) {
        Path file = dir.resolve("dynamic_service_stats");
        if (!Files.exists(file)) {
            return null;
        }
        Map<String, DynamicStats> out = new TreeMap<>();
        for (var e : object(file).entrySet()) {
            if (!(e.getValue() instanceof Map<?, ?> m)) {
                throw new CaseLoadException(file.toString(), "'" + e.getKey() + "' must be an object");
            }
            double cpu = m.get("cpu") == null ? 0 : number(file, e.getKey() + " cpu", m.get("cpu"));
            long mem = m.get("mem") == null ? 0 : (long) number(file, e.getKey() + " mem", m.get("mem"));
            out.put(e.getKey(), new DynamicStats(cpu, mem));
        }
        return out;
    }

    private static List<List<SimCommand>> cmdlist(Path dir, SortedMap<String, NodeSpec> nodes) {
        Path file = dir.resolve("cmdlist");
        if (!Files.exists(file)) {
            throw new CaseLoadException(file.toString(), "missing (the event script is required)");
        }
        Object raw;
        try {
            raw = JSON.readValue(read(file), Object.class);
        } catch (JacksonException e) {
            throw new CaseLoadException(file.toString(), "invalid JSON - " + e.getOriginalMessage(), e);
        }
        if (!(raw instanceof List<?> steps)) {
            throw new CaseLoadException(file.toString(), "must be a JSON array of steps");
        }
        List<List<SimCommand>> out = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            if (!(steps.get(i) instanceof List<?> cmds)) {
                throw new CaseLoadException(file.toString(), "step " + i + " must be an array of command strings");
            }
            List<SimCommand> step = new ArrayList<>();
            for (Object c : cmds) {
                if (!(c instanceof String s)) {
                    throw new CaseLoadException(file.toString(), "step " + i + ": command must be a string, got " + c);
                }
                SimCommand cmd;
                try {
                    cmd = SimCommand.parse(s);
                } catch (IllegalArgumentException e) {
                    throw new CaseLoadException(file.toString(), "step " + i + ": " + e.getMessage(), e);
                }
                if (cmd.kind() != SimCommand.Kind.SERVICE && cmd.subject() != null && !nodes.containsKey(cmd.subject())) {
                    throw new CaseLoadException(file.toString(), "step " + i + ": no such node '" + cmd.subject()
                            + "' in '" + s + "'");
                }
                step.add(cmd);
            }
            out.add(Collections.unmodifiableList(step));
        }
        return Collections.unmodifiableList(out);
    }

    /** Optional {@code service_status_<node>}: which guests already run on a node ({sid: 0|1}). */
    private static Map<String, Map<String, Boolean>> runningGuests(Path dir, SortedMap<String, NodeSpec> nodes) {
        Map<String, Map<String, Boolean>> out = new TreeMap<>();
        for (String node : nodes.keySet()) {
            Map<String, Boolean> running = new TreeMap<>();
            Path file = dir.resolve("service_status_" + node);
            if (Files.exists(file)) {
                object(file).forEach((sid, v) -> running.put(sid, v != null && !"0".equals(v.toString())
                        && !Boolean.FALSE.equals(v)));
            }
            out.put(node, running);
        }
        return out;
    }

    private static Map<String, Object> optionalObject(Path dir, String name) {
        Path file = dir.resolve(name);
        return Files.exists(file) ? object(file) : new LinkedHashMap<>();
    }

    private static String optionalText(Path dir, String name) {
        Path file = dir.resolve(name);
        return Files.exists(file) ? read(file) : null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Path file) {
        Object raw;
        try {
            raw = JSON.readValue(read(file), Object.class);
        } catch (JacksonException e) {
            throw new CaseLoadException(file.toString(), "invalid JSON - " + e.getOriginalMessage(), e);
        }
        if (!(raw instanceof Map<?, ?> m)) {
            throw new CaseLoadException(file.toString(), "must be a JSON object");
        }
        return (Map<String, Object>) m;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CaseLoadException(file.toString(), "cannot read - " + e.getMessage(), e);
        }
    }
}
