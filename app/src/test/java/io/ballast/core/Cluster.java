package io.ballast.core;

import io.ballast.planner.usage.NodeStats;
import io.ballast.planner.usage.ResourceStats;
import io.ballast.rules.config.RuleSet;
import io.ballast.rules.pve.CrsConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Test fixture: a cluster whose rounds are driven by hand (membership, LRM reports, commands). */
final class Cluster {
    final TreeSet<String> nodes = new TreeSet<>();
    final Set<String> online = new HashSet<>();
    final Map<String, LrmStatus> lrm = new HashMap<>();
    final TreeMap<String, ServiceConfig> services = new TreeMap<>();
    final List<String> commands = new ArrayList<>();
    final Set<String> freeLocks = new HashSet<>();
    final Map<String, NodeStats> nodeStats = new HashMap<>();
    final Map<String, ResourceStats> serviceStats = new HashMap<>();
    RuleSet rules = RuleSet.EMPTY;
    CrsConfig crs = CrsConfig.DEFAULTS;
    ManagerStatus status = ManagerStatus.EMPTY;
    HaManager manager = new HaManager();
    long now;
    RoundOutput last;
    /** The open or applied rebalancing proposal, carried from round to round like the environment's store. */
    Proposal proposal;

    Cluster(String... names) {
        for (String n : names) {
            nodes.add(n);
            online.add(n);
        }
    }

    Cluster service(String sid, String node, String state) {
        services.put(sid, new ServiceConfig(sid, node, state, 1, 1, true, null, null));
        return this;
    }

    /** Runs a round at {@code time}; consumed commands are cleared like the environment would. */
    RoundOutput round(long time) {
        now = time;
        last = manager.round(new RoundInput(now, "node1", status, nodes, Set.copyOf(online), Map.copyOf(lrm),
                services, rules, List.of(), crs, nodeStats, serviceStats,
                commands.stream().map(CrmCommand::parse).toList(), Set.copyOf(freeLocks), proposal));
        commands.clear();
        status = last.status();
        proposal = last.proposal();
        for (Effect e : last.effects()) {
            if (e instanceof Effect.ServiceConfigMoved moved) {
                ServiceConfig c = services.get(moved.sid());
                services.put(moved.sid(), new ServiceConfig(c.sid(), moved.toNode(), c.requestedState(),
                        c.maxRestart(), c.maxRelocate(), c.failback(), c.group(), c.lock()));
            } else if (e instanceof Effect.RequestedStateChanged changed) {
                ServiceConfig c = services.get(changed.sid());
                services.put(changed.sid(), new ServiceConfig(c.sid(), c.node(), changed.state(), c.maxRestart(),
                        c.maxRelocate(), c.failback(), c.group(), c.lock()));
            }
        }
        return last;
    }

    /** The LRM of the service's node answers its current request with {@code exitCode}. */
    void lrmAnswers(String sid, int exitCode) {
        ServiceStatus s = status.serviceStatus().get(sid);
        String node = s.node();
        LrmStatus old = lrm.get(node);
        Map<String, LrmStatus.LrmResult> results = new HashMap<>(old == null ? Map.of() : old.results());
        results.put(s.uid(), new LrmStatus.LrmResult(sid, exitCode));
        lrm.put(node, new LrmStatus("active", old == null ? LrmMode.ACTIVE : old.mode(), results, now));
    }

    void lrmMode(String node, LrmMode mode) {
        LrmStatus old = lrm.get(node);
        lrm.put(node, new LrmStatus("active", mode, old == null ? Map.of() : old.results(), now));
    }

    List<String> messages() {
        return last.log().stream().map(CrmLogLine::message).toList();
    }

    ServiceStatus service(String sid) {
        return status.serviceStatus().get(sid);
    }
}
