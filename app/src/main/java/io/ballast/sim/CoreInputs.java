package io.ballast.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

import io.ballast.core.HaGroup;
import io.ballast.core.LrmMode;
import io.ballast.core.LrmStatus;
import io.ballast.core.RoundInput;
import io.ballast.core.ServiceConfig;
import io.ballast.planner.usage.NodeStats;
import io.ballast.planner.usage.ResourceStats;
import io.ballast.sim.SimCase.DynamicStats;
import io.ballast.sim.SimCase.StaticStats;

/** Builds the decision core's round input from the simulated cluster, as the master CRM sees it. */
final class CoreInputs {

    static final long GIB = 1024L * 1024 * 1024;
    /** Size of every resource when the case has no static_service_stats (FORMAT.md §1.7). */
    static final StaticStats DEFAULT_STATIC = new StaticStats(4, 4 * GIB);
    /** Usage of every resource when the case has no dynamic_service_stats (FORMAT.md §1.8). */
    static final DynamicStats DEFAULT_DYNAMIC = new DynamicStats(2.0, 2 * GIB);

    private CoreInputs() {
    }

    static RoundInput build(SimCluster c, String master, long now) {
        TreeSet<String> nodes = new TreeSet<>(c.hw.keySet());
        Set<String> online = new HashSet<>();
        for (String n : nodes) {
            if (c.online(n)) {
                online.add(n);
            }
        }
        Map<String, LrmStatus> lrm = new HashMap<>();
        c.lrmStatus.forEach((n, r) -> {
            Map<String, LrmStatus.LrmResult> results = new TreeMap<>();
            r.results().forEach((uid, res) -> results.put(uid, new LrmStatus.LrmResult(res.sid(), res.exitCode())));
            lrm.put(n, new LrmStatus(r.state(), LrmMode.parse(r.mode()), results, r.timestamp()));
        });
        SortedMap<String, ServiceConfig> services = new TreeMap<>();
        c.services.forEach((sid, s) -> services.put(sid, new ServiceConfig(sid, s.node(), s.state(), s.maxRestart(),
                s.maxRelocate(), s.failback(), s.group(), s.lock())));
        List<HaGroup> groups = new ArrayList<>();
        c.groups.values().forEach(g -> groups.add(new HaGroup(g.id(), new TreeMap<>(g.nodes()), g.restricted(),
                g.nofailback())));
        Map<String, ResourceStats> serviceStats = new TreeMap<>();
        for (String sid : c.services.keySet()) {
            StaticStats st = staticStats(c, sid);
            DynamicStats dy = dynamicStats(c, sid);
            serviceStats.put(sid, new ResourceStats(st.maxcpu(), st.maxmem(), dy.cpu(), dy.mem()));
        }
        Map<String, NodeStats> nodeStats = new TreeMap<>();
        for (String n : nodes) {
            SimCluster.Hw h = c.hw.get(n);
            double cpu = 0;
            long mem = 0;
            for (var g : c.guests.get(n).entrySet()) {
                if (g.getValue()) {
                    DynamicStats dy = dynamicStats(c, g.getKey());
                    cpu += dy.cpu();
                    mem += dy.mem();
                }
            }
            nodeStats.put(n, new NodeStats(n, h.maxcpu == null ? 0 : h.maxcpu, h.maxmem == null ? 0 : h.maxmem, cpu,
                    mem));
        }
        Set<String> freeAgentLocks = new HashSet<>();
        for (String n : nodes) {
            if (c.lockFree(SimCluster.agentLockName(n), master, now)) {
                freeAgentLocks.add(n);
            }
        }
        return new RoundInput(now, master, c.managerStatus, nodes, online, lrm, services, c.rules, groups,
                c.crs, nodeStats, serviceStats, List.copyOf(c.crmCommands), freeAgentLocks, c.proposal);
    }

    static StaticStats staticStats(SimCluster c, String sid) {
        if (c.staticStats == null) {
            return c.staticOverrides.getOrDefault(sid, DEFAULT_STATIC);
        }
        return c.staticStats.getOrDefault(sid, new StaticStats(0, 0));
    }

    static DynamicStats dynamicStats(SimCluster c, String sid) {
        if (c.dynamicStats == null) {
            return c.dynamicOverrides.getOrDefault(sid, DEFAULT_DYNAMIC);
        }
        return c.dynamicStats.getOrDefault(sid, new DynamicStats(0, 0));
    }

}
