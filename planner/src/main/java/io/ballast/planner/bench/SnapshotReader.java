package io.ballast.planner.bench;

import io.ballast.planner.PlanRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a cluster snapshot for {@code bench --input} (schema in docs/performance.md): nodes with capacity,
 * guests with their node and size, and node-affinity / keep-together / keep-separate rules. Every problem is
 * reported as an {@link IllegalArgumentException} naming the JSON path and the reason.
 */
final class SnapshotReader {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private SnapshotReader() {
    }

    static BenchCli.Cluster read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read (" + e.getMessage() + ")");
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(file + ": not valid JSON (" + e.getOriginalMessage() + ")");
        }
        boolean dynamic = "dynamic".equals(root.path("mode").asString("static"));
        List<PlanRequest.Node> nodes = new ArrayList<>();
        Set<String> nodeNames = new HashSet<>();
        JsonNode nodeList = array(root, "nodes");
        for (int i = 0; i < nodeList.size(); i++) {
            JsonNode n = nodeList.get(i);
            String at = "nodes[" + i + "]";
            String name = text(n, "name", at);
            if (!nodeNames.add(name)) {
                throw new IllegalArgumentException(at + ".name: duplicate node '" + name + "'");
            }
            nodes.add(new PlanRequest.Node(name, positive(n, "maxcpu", at), (long) positive(n, "maxmem", at)));
        }
        if (nodes.size() < 2) {
            throw new IllegalArgumentException("nodes: at least 2 nodes are needed");
        }
        Map<String, String> nodeOf = new LinkedHashMap<>();
        Map<String, double[]> size = new LinkedHashMap<>();
        JsonNode guestList = array(root, "guests");
        for (int i = 0; i < guestList.size(); i++) {
            JsonNode g = guestList.get(i);
            String at = "guests[" + i + "]";
            String sid = text(g, "sid", at);
            String node = text(g, "node", at);
            if (!nodeNames.contains(node)) {
                throw new IllegalArgumentException(at + ".node: unknown node '" + node + "'");
            }
            if (nodeOf.put(sid, node) != null) {
                throw new IllegalArgumentException(at + ".sid: duplicate guest '" + sid + "'");
            }
            double cpu = dynamic ? positive(g, "cpu", at) : positive(g, "maxcpu", at);
            double mem = dynamic ? positive(g, "mem", at) : positive(g, "maxmem", at);
            size.put(sid, new double[] {cpu, mem});
        }
        Map<String, Map<String, Integer>> allowed = new TreeMap<>();
        List<PlanRequest.SeparatePair> separate = new ArrayList<>();
        Map<String, Set<String>> together = new TreeMap<>();
        JsonNode rules = root.path("rules");
        for (int i = 0; i < rules.size(); i++) {
            JsonNode r = rules.get(i);
            String at = "rules[" + i + "]";
            List<String> members = new ArrayList<>();
            JsonNode res = array(r, "resources", at);
            for (int k = 0; k < res.size(); k++) {
                String sid = res.get(k).asString();
                if (!nodeOf.containsKey(sid)) {
                    throw new IllegalArgumentException(at + ".resources[" + k + "]: unknown guest '" + sid + "'");
                }
                members.add(sid);
            }
            switch (text(r, "type", at)) {
                case "node-affinity" -> {
                    Map<String, Integer> prio = new TreeMap<>();
                    for (var e : r.path("nodes").properties()) {
                        if (!nodeNames.contains(e.getKey())) {
                            throw new IllegalArgumentException(at + ".nodes." + e.getKey() + ": unknown node");
                        }
                        prio.put(e.getKey(), e.getValue().asInt(0));
                    }
                    if (prio.isEmpty()) {
                        throw new IllegalArgumentException(at + ".nodes: at least one node with its priority");
                    }
                    boolean strict = r.path("strict").asBoolean(false);
                    for (String sid : members) {
                        Map<String, Integer> a = new TreeMap<>();
                        // non-strict: unlisted nodes stay allowed below every listed priority
                        for (String n : nodeNames) {
                            if (prio.containsKey(n)) {
                                a.put(n, prio.get(n) + 1);
                            } else if (!strict) {
                                a.put(n, 0);
                            }
                        }
                        allowed.put(sid, a);
                    }
                }
                case "resource-affinity" -> {
                    String affinity = text(r, "affinity", at);
                    if (affinity.equals("positive")) {
                        // keep together: members must run on one node now; overlapping rules merge
                        for (String sid : members) {
                            if (!nodeOf.get(sid).equals(nodeOf.get(members.get(0)))) {
                                throw new IllegalArgumentException(at + ".resources: keep-together guests run on "
                                        + "different nodes (" + members.get(0) + " on " + nodeOf.get(members.get(0))
                                        + ", " + sid + " on " + nodeOf.get(sid) + ")");
                            }
                        }
                        Set<String> merged = new java.util.TreeSet<>(members);
                        for (String sid : members) {
                            Set<String> old = together.get(sid);
                            if (old != null) {
                                merged.addAll(old);
                            }
                        }
                        merged.forEach(sid -> together.put(sid, merged));
                        continue;
                    }
                    if (!affinity.equals("negative")) {
                        throw new IllegalArgumentException(at + ".affinity: expected 'positive' (keep together) or "
                                + "'negative' (keep separate)");
                    }
                    for (int a = 0; a < members.size(); a++) {
                        for (int b = a + 1; b < members.size(); b++) {
                            separate.add(new PlanRequest.SeparatePair(members.get(a), members.get(b)));
                        }
                    }
                }
                default -> throw new IllegalArgumentException(at + ".type: expected node-affinity or resource-affinity");
            }
        }
        List<BenchCli.Guest> guests = new ArrayList<>();
        nodeOf.forEach((sid, node) -> {
            Map<String, Integer> a = allowed.get(sid);
            if (a == null) {
                a = new TreeMap<>();
                for (PlanRequest.Node n : nodes) {
                    a.put(n.name(), 0);
                }
            }
            double[] s = size.get(sid);
            guests.add(new BenchCli.Guest(sid, node, s[0], (long) s[1], a));
        });
        List<List<String>> groups = together.values().stream().distinct().map(g -> List.copyOf(g)).toList();
        for (PlanRequest.SeparatePair p : separate) {
            if (together.containsKey(p.a()) && together.get(p.a()).contains(p.b())) {
                throw new IllegalArgumentException("rules: " + p.a() + " and " + p.b()
                        + " are kept together and kept separate at once");
            }
        }
        for (List<String> group : groups) {
            Set<String> common = new java.util.TreeSet<>(nodeNames);
            group.forEach(sid -> common.retainAll(allowed.containsKey(sid) ? allowed.get(sid).keySet() : nodeNames));
            if (common.isEmpty()) {
                throw new IllegalArgumentException("rules: keep-together group " + group + " has no node allowed for all members");
            }
        }
        return new BenchCli.Cluster(nodes, guests, separate, groups);
    }

    private static JsonNode array(JsonNode node, String field) {
        return array(node, field, null);
    }

    private static JsonNode array(JsonNode node, String field, String at) {
        JsonNode v = node.get(field);
        String path = at == null ? field : at + "." + field;
        if (v == null || !v.isArray()) {
            throw new IllegalArgumentException(path + ": missing or not an array");
        }
        return v;
    }

    private static String text(JsonNode node, String field, String at) {
        JsonNode v = node.get(field);
        if (v == null || !v.isString() || v.asString().isBlank()) {
            throw new IllegalArgumentException(at + "." + field + ": missing or not a string");
        }
        return v.asString();
    }

    private static double positive(JsonNode node, String field, String at) {
        JsonNode v = node.get(field);
        if (v == null || !v.isNumber() || v.asDouble() <= 0) {
            throw new IllegalArgumentException(at + "." + field + ": missing or not a positive number");
        }
        return v.asDouble();
    }
}
