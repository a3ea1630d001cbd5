package io.ballast.rules.pve;

import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;

import io.ballast.rules.compiled.CompiledRules;

/** The "--- Compiled Config ---" section of the conformance kit (FORMAT.md §7) as nested maps. */
public final class CompiledConfigView {

    private CompiledConfigView() {
    }

    public static Map<String, Object> of(CompiledRules compiled) {
        Map<String, Object> nodeAffinity = new TreeMap<>();
        compiled.nodeAffinity().forEach((sid, na) -> {
            Map<String, Object> nodes = new TreeMap<>();
            na.nodes().forEach((node, prio) -> nodes.put(node, Map.of("priority", prio)));
            nodeAffinity.put(sid, Map.of("nodes", nodes));
        });
        Map<String, Object> resourceAffinity = new TreeMap<>();
        resourceAffinity.put("positive", partners(compiled.positive()));
        resourceAffinity.put("negative", partners(compiled.negative()));
        Map<String, Object> root = new TreeMap<>();
        root.put("node-affinity", nodeAffinity);
        root.put("resource-affinity", resourceAffinity);
        return root;
    }

    private static Map<String, Object> partners(Map<String, SortedSet<String>> relation) {
        Map<String, Object> out = new TreeMap<>();
        relation.forEach((sid, others) -> {
            Map<String, Object> set = new TreeMap<>();
            others.forEach(o -> set.put(o, 1));
            out.put(sid, set);
        });
        return out;
    }
}
