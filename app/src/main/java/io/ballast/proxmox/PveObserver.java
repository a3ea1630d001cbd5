package io.ballast.proxmox;

import io.ballast.proxmox.ClusterObservation.PveGuest;
import io.ballast.proxmox.ClusterObservation.PveNode;
import io.ballast.proxmox.ClusterObservation.PveTask;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Reads one {@link ClusterObservation} through the API: four cluster-wide GETs (membership and quorum, nodes and
 * guests from {@code /cluster/resources}, Proxmox HA resources, tasks), plus {@code /nodes/{node}/status} only for
 * an online node whose figures are missing from {@code /cluster/resources}. The whole observation has a time
 * budget ({@code observe-budget}, each read at most {@code observe-timeout}). A node whose own API fails or hangs
 * costs one short read and is marked stale (its last figures are kept); it stays a member as long as
 * {@code /cluster/status} says so, because liveness comes from the cluster membership alone.
 */
public final class PveObserver {

    private static final Logger LOG = LoggerFactory.getLogger(PveObserver.class);

    private final PveClient client;
    private final Duration callTimeout;
    private final Duration budget;
    /** Last fresh figures per node, shown for a node while its figures are stale. */
    private final Map<String, PveNode> lastFresh = new HashMap<>();
    private final Set<String> staleBefore = new HashSet<>();

    public PveObserver(PveClient client) {
        this.client = client;
        this.callTimeout = client.properties().observeTimeout();
        this.budget = client.properties().observeBudget();
    }

    public synchronized ClusterObservation observe() {
        Instant deadline = Instant.now().plus(budget);
        boolean quorate = false;
        Map<String, Boolean> members = new TreeMap<>();
        JsonNode status = client.get("/cluster/status", callTimeout, deadline);
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
        // nodes and guests in one call, served from the cluster file system by the node we talk to
        Map<String, JsonNode> listed = new HashMap<>();
        Map<String, PveGuest> guests = new TreeMap<>();
        for (JsonNode r : client.get("/cluster/resources", callTimeout, deadline)) {
            String type = r.path("type").asString("");
            if (type.equals("node")) {
                listed.put(r.path("node").asString(), r);
            } else if ((type.equals("qemu") || type.equals("lxc")) && r.path("template").asInt(0) != 1) {
                PveGuest g = guest(r);
                guests.put(g.sid(), g);
            }
        }
        Map<String, String> pveHa = new TreeMap<>();
        for (JsonNode r : client.get("/cluster/ha/resources", callTimeout, deadline)) {
            pveHa.put(r.path("sid").asString(), r.path("state").asString("started"));
        }
        List<PveTask> tasks = new ArrayList<>();
        for (JsonNode t : client.get("/cluster/tasks", callTimeout, deadline)) {
            if (t.has("endtime") || t.has("status")) {
                continue;
            }
            tasks.add(new PveTask(t.path("upid").asString(), t.path("node").asString(), t.path("type").asString(),
                    t.path("id").asString(""), t.path("user").asString(""), t.path("starttime").asLong(0)));
        }
        Map<String, PveNode> nodes = new TreeMap<>();
        for (var m : members.entrySet()) {
            nodes.put(m.getKey(), node(m.getKey(), m.getValue(), listed.get(m.getKey()), deadline));
        }
        reportStaleness(nodes);
        return new ClusterObservation(quorate, nodes, guests, pveHa, tasks, crsOption(deadline));
    }

    /** The datacenter's {@code crs} option; null when unset or not readable (the check it feeds is a warning). */
    private String crsOption(Instant deadline) {
        try {
            JsonNode crs = client.get("/cluster/options", callTimeout, deadline).path("crs");
            return crs.isMissingNode() || crs.isNull() ? null : crs.asString("");
        } catch (PveAuthException e) {
            throw e;
        } catch (PveException e) {
            return null;
        }
    }

    /** A member's figures: from its /cluster/resources entry, else its own status, else stale. */
    private PveNode node(String name, boolean online, JsonNode listed, Instant deadline) {
        if (listed != null && hasFigures(listed)) {
            double maxCpu = listed.path("maxcpu").asDouble(0);
            PveNode n = new PveNode(name, online, maxCpu, listed.path("maxmem").asLong(0),
                    listed.path("cpu").asDouble(0) * maxCpu, listed.path("mem").asLong(0));
            if (online) {
                lastFresh.put(name, n);
            }
            return n;
        }
        if (!online) {
            // an offline member's figures do not matter: it carries no load the manager could place on
            return new PveNode(name, false, 0, 0, 0, 0);
        }
        Duration left = Duration.between(Instant.now(), deadline);
        String why;
        if (left.isNegative() || left.isZero()) {
            why = "no figures in /cluster/resources and no time left in the observation budget";
        } else {
            try {
                // one short try: a sick node must not hold up the round
                JsonNode s = client.getOnce("/nodes/" + name + "/status", left.compareTo(callTimeout) < 0 ? left
                        : callTimeout);
                double cpus = s.path("cpuinfo").path("cpus").asDouble(0);
                PveNode n = new PveNode(name, true, cpus, s.path("memory").path("total").asLong(0),
                        s.path("cpu").asDouble(0) * cpus, s.path("memory").path("used").asLong(0));
                lastFresh.put(name, n);
                return n;
            } catch (PveAuthException e) {
                throw e;
            } catch (PveException e) {
                why = "no figures in /cluster/resources and " + e.getMessage();
            }
        }
        PveNode last = lastFresh.get(name);
        return last == null ? new PveNode(name, true, 0, 0, 0, 0, why)
                : new PveNode(name, true, last.maxCpu(), last.maxMem(), last.cpu(), last.mem(), why);
    }

    /** pvestatd's figures for a node: present only while it reports (real clusters drop old ones). */
    private static boolean hasFigures(JsonNode n) {
        return n.path("maxcpu").asDouble(0) > 0 && n.path("maxmem").asLong(0) > 0 && n.has("cpu") && n.has("mem");
    }

    private void reportStaleness(Map<String, PveNode> nodes) {
        for (PveNode n : nodes.values()) {
            if (n.stale() && staleBefore.add(n.name())) {
                LOG.warn("node {}: figures stale ({}); it stays a member while /cluster/status lists it online",
                        n.name(), n.staleReason());
            } else if (!n.stale() && staleBefore.remove(n.name())) {
                LOG.info("node {}: figures fresh again", n.name());
            }
        }
    }

    private static PveGuest guest(JsonNode g) {
        String type = g.path("type").asString();
        double maxCpu = g.path("maxcpu").asDouble(0);
        String lock = g.hasNonNull("lock") && !g.path("lock").asString().isEmpty() ? g.path("lock").asString() : null;
        List<String> tags = new ArrayList<>();
        for (String t : g.path("tags").asString("").split("[;, ]")) {
            if (!t.isBlank()) {
                tags.add(t);
            }
        }
        return new PveGuest(g.path("vmid").asInt(), type, g.path("node").asString(), g.path("name").asString(""),
                g.path("status").asString("unknown"), maxCpu, g.path("maxmem").asLong(0),
                g.path("cpu").asDouble(0) * maxCpu, g.path("mem").asLong(0), lock, tags);
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
