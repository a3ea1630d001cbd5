package io.ballast.proxmox;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One immutable snapshot of a Proxmox VE cluster as read through the API.
 *
 * @param quorate   the cluster reported quorum
 * @param nodes     node name → node (every node of the cluster configuration, online or not)
 * @param guests    sid ("vm:100", "ct:101") → guest
 * @param pveHa     guests that are resources of Proxmox's own HA manager → their requested state there
 *                  ({@code started}, {@code ignored}, ...)
 * @param tasks     tasks still running
 * @param pveCrs    the datacenter's {@code crs} option as Proxmox stores it ({@code ha=static,...}), null when
 *                  unset or unreadable
 */
public record ClusterObservation(boolean quorate, Map<String, PveNode> nodes, Map<String, PveGuest> guests,
                                 Map<String, String> pveHa, List<PveTask> tasks, String pveCrs) {

    public ClusterObservation {
        nodes = Collections.unmodifiableSortedMap(new TreeMap<>(nodes));
        guests = Collections.unmodifiableSortedMap(new TreeMap<>(guests));
        pveHa = Collections.unmodifiableSortedMap(new TreeMap<>(pveHa));
        tasks = List.copyOf(tasks);
    }

    /** Guests that are resources of Proxmox's own HA manager (whatever their state there). */
    public Set<String> pveHaSids() {
        return pveHa.keySet();
    }

    /**
     * Guests Proxmox's HA manager acts on: every resource of it except those set to {@code ignored}, which Proxmox
     * leaves alone (its own docs: "ignored" resources are treated as if unmanaged).
     */
    public boolean managedByPveHa(String sid) {
        String state = pveHa.get(sid);
        return state != null && !state.equals("ignored");
    }

    /** Proxmox's own automatic rebalancing is switched on in the datacenter options. */
    public boolean pveAutoRebalance() {
        return pveCrs != null && java.util.Arrays.stream(pveCrs.split(",")).map(String::strip)
                .anyMatch(kv -> kv.equals("ha-auto-rebalance=1") || kv.equals("ha-auto-rebalance=true"));
    }

    /** Nodes that are quorate members right now (none without quorum). */
    public Set<String> onlineMembers() {
        Set<String> out = new TreeSet<>();
        if (quorate) {
            nodes.values().stream().filter(PveNode::online).forEach(n -> out.add(n.name()));
        }
        return out;
    }

    public Optional<PveGuest> guest(String sid) {
        return Optional.ofNullable(guests.get(sid));
    }

    /**
     * A node.
     *
     * @param online      a member of the cluster right now ({@code /cluster/status}); stale figures do not change it
     * @param maxCpu      CPU threads (0 when unknown, e.g. offline)
     * @param maxMem      memory in bytes
     * @param cpu         used CPU in cores (the API's fraction × maxCpu)
     * @param mem         used memory in bytes
     * @param staleReason why the figures are not current (the last known ones, or 0), null when they are
     */
    public record PveNode(String name, boolean online, double maxCpu, long maxMem, double cpu, long mem,
                          String staleReason) {
        public PveNode(String name, boolean online, double maxCpu, long maxMem, double cpu, long mem) {
            this(name, online, maxCpu, maxMem, cpu, mem, null);
        }

        public boolean stale() {
            return staleReason != null;
        }
    }

    /**
     * A guest from {@code /cluster/resources?type=vm}.
     *
     * @param type    qemu or lxc
     * @param status  running, stopped, ...
     * @param maxCpu  configured vCPUs
     * @param maxMem  configured memory in bytes
     * @param cpu     used CPU in cores (the API's fraction × maxCpu)
     * @param mem     used memory in bytes
     * @param lock    config lock ("backup", "migrate", ...) or null
     * @param tags    tags as listed by Proxmox
     */
    public record PveGuest(int vmid, String type, String node, String name, String status, double maxCpu, long maxMem,
                           double cpu, long mem, String lock, List<String> tags) {
        public PveGuest {
            tags = List.copyOf(tags);
        }

        public String sid() {
            return sidOf(type, vmid);
        }

        public boolean running() {
            return "running".equals(status);
        }

        public boolean isContainer() {
            return "lxc".equals(type);
        }

        public PveGuest moved(String toNode, String newStatus) {
            return new PveGuest(vmid, type, toNode, name, newStatus, maxCpu, maxMem, cpu, mem, lock, tags);
        }
    }

    /** A running task. */
    public record PveTask(String upid, String node, String type, String id, String user, long startTime) {
    }

    /** Proxmox HA's resource id for a guest: vm:ID for qemu, ct:ID for lxc. */
    public static String sidOf(String type, int vmid) {
        return ("lxc".equals(type) ? "ct:" : "vm:") + vmid;
    }
}
