package io.ballast.proxmox;

import io.ballast.proxmox.ClusterObservation.PveGuest;
import io.ballast.proxmox.ClusterObservation.PveNode;
import io.ballast.proxmox.ClusterObservation.PveTask;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/** Reads one {@link ClusterObservation} through the API (six GETs plus one per online node). */
public final class PveObserver {

    private final PveClient client;

    public PveObserver(PveClient client) {
        this.client = client;
    }

    public ClusterObservation observe() {
        boolean quorate = false;
        Map<String, Boolean> members = new TreeMap<>();
        JsonNode status = client.get("/cluster/status");
        for (JsonNode e : status) {
            String type = e.path("type").asString("");
            if (type.equals("cluster")) {
                quorate = e.path("quorate").asInt(0) == 1;
            } else if (type.equals("node")) {
                members.put(e.path("name").asString(), e.path("online").asInt(0) == 1);
            }
        }
        // a single node without a cluster has no "cluster" entry; it is its own quorum
        if (members.size() == 1 && !hasClusterEntry(status)) {
            quorate = true;
        }
        if (!quorate) {
            // the node we ask may be the partitioned one: ask another configured node next time
            client.preferNext();
        }
        Map<String, JsonNode> listed = new HashMap<>();
        for (JsonNode n : client.get("/nodes")) {
            listed.put(n.path("node").asString(), n);
        }
        Map<String, PveNode> nodes = new TreeMap<>();
        for (var m : members.entrySet()) {
            String name = m.getKey();
            boolean online = m.getValue();
            JsonNode l = listed.get(name);
            double maxCpu = l == null ? 0 : l.path("maxcpu").asDouble(0);
            long maxMem = l == null ? 0 : l.path("maxmem").asLong(0);
            double cpu = l == null ? 0 : l.path("cpu").asDouble(0) * maxCpu;
            long mem = l == null ? 0 : l.path("mem").asLong(0);
            if (online) {
                // the node's own status is fresher than the cluster-wide list
                JsonNode s = client.get("/nodes/" + name + "/status");
                double cpus = s.path("cpuinfo").path("cpus").asDouble(maxCpu);
                maxCpu = cpus;
                cpu = s.path("cpu").asDouble(0) * cpus;
                maxMem = s.path("memory").path("total").asLong(maxMem);
                mem = s.path("memory").path("used").asLong(mem);
            }
            nodes.put(name, new PveNode(name, online, maxCpu, maxMem, cpu, mem));
        }
        Map<String, PveGuest> guests = new TreeMap<>();
        for (JsonNode g : client.get("/cluster/resources?type=vm")) {
            if (g.path("template").asInt(0) == 1) {
                continue;
            }
            String type = g.path("type").asString();
            int vmid = g.path("vmid").asInt();
            double maxCpu = g.path("maxcpu").asDouble(0);
            String lock = g.hasNonNull("lock") && !g.path("lock").asString().isEmpty() ? g.path("lock").asString() : null;
            List<String> tags = new ArrayList<>();
            for (String t : g.path("tags").asString("").split("[;, ]")) {
                if (!t.isBlank()) {
                    tags.add(t);
                }
            }
            PveGuest guest = new PveGuest(vmid, type, g.path("node").asString(), g.path("name").asString(""),
                    g.path("status").asString("unknown"), maxCpu, g.path("maxmem").asLong(0),
                    g.path("cpu").asDouble(0) * maxCpu, g.path("mem").asLong(0), lock, tags);
            guests.put(guest.sid(), guest);
        }
        Set<String> pveHa = new HashSet<>();
        for (JsonNode r : client.get("/cluster/ha/resources")) {
            pveHa.add(r.path("sid").asString());
        }
        List<PveTask> tasks = new ArrayList<>();
        for (JsonNode t : client.get("/cluster/tasks")) {
            if (t.has("endtime") || t.has("status")) {
                continue;
            }
            tasks.add(new PveTask(t.path("upid").asString(), t.path("node").asString(), t.path("type").asString(),
                    t.path("id").asString(""), t.path("user").asString(""), t.path("starttime").asLong(0)));
        }
        return new ClusterObservation(quorate, nodes, guests, pveHa, tasks);
    }

    private static boolean hasClusterEntry(JsonNode status) {
        for (JsonNode e : status) {
            if ("cluster".equals(e.path("type").asString(""))) {
                return true;
            }
        }
        return false;
    }
}
