package io.ballast.core;

import io.ballast.rules.facts.PlacementFactsDrl.NodeFact;
import io.ballast.rules.placement.PolicySession;
import io.ballast.rules.placement.PolicyUnit;
import io.ballast.rules.placement.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The placement policy as one round sees it: every resource is a unit of the manager's long-lived
 * {@link PolicySession}, handed over as the round finds it and again whenever the round asks about it, so the
 * DRL answers from the state the round has reached (a move decided earlier in the round counts at once).
 */
final class RoundPolicy {
    private final PolicySession session;
    private final RoundContext ctx;
    private final Map<String, ? extends Set<String>> resourceTags;
    /** H6 limit in percent of a node's memory, null when off (then no memory facts reach the rules). */
    private final Integer memoryLimit;

    RoundPolicy(PolicySession session, RoundContext ctx, PlacementTags tags, Integer memoryLimit) {
        this.session = session;
        this.ctx = ctx;
        this.resourceTags = tags.resourceTags();
        // the basic mode knows no memory: H6 needs the static or dynamic figures
        this.memoryLimit = ctx.usage.model().mode() == io.ballast.planner.usage.SchedulerMode.BASIC ? null : memoryLimit;
        session.nodeTags(tags.nodeTags());
        syncMemory();
    }

    /** H6: every node's memory and what the round's usage model has on it now (placements so far included). */
    private void syncMemory() {
        Map<String, long[]> memory = new TreeMap<>();
        if (memoryLimit != null) {
            for (io.ballast.planner.usage.NodeUsage n : ctx.usage.model().nodeUsage()) {
                if (n.maxMem() > 0) {
                    memory.put(n.name(), new long[] {(long) n.maxMem(), (long) n.mem()});
                }
            }
        }
        session.capacity(memoryLimit, memory);
    }

    /** Hands the whole round state over (only what changed since the last round reaches the rules). */
    void syncAll() {
        SortedSet<String> names = new TreeSet<>(ctx.input.clusterNodes());
        names.addAll(ctx.ns.nodes());
        List<NodeFact> nodes = new ArrayList<>();
        for (String n : names) {
            nodes.add(new NodeFact(n, ctx.usage.online().contains(n), ctx.ns.state(n) == NodeState.MAINTENANCE));
        }
        session.nodes(nodes);
        for (String id : new ArrayList<>(session.unitIds())) {
            if (!ctx.ss.containsKey(id)) {
                session.removeUnit(id);
                session.occupies(id, new TreeMap<>());
            }
        }
        for (String sid : ctx.ss.keySet()) {
            syncUnit(sid, false);
            session.occupies(sid, occupancy(ctx.ss.get(sid)));
        }
    }

    /** The verdict for {@code sid}; {@code retrying}: it retries after failed starts or evacuation moves (H7). */
    Verdict verdict(String sid, boolean retrying) {
        if (memoryLimit != null) {
            syncMemory();
        }
        syncUnit(sid, retrying);
        session.occupies(sid, occupancy(ctx.ss.get(sid)));
        for (String partner : ctx.rules.negativePartners(sid)) {
            if (ctx.ss.containsKey(partner)) {
                syncUnit(partner, false);
                session.occupies(partner, occupancy(ctx.ss.get(partner)));
            }
        }
        for (String partner : ctx.rules.positivePartners(sid)) {
            if (ctx.ss.containsKey(partner)) {
                session.occupies(partner, occupancy(ctx.ss.get(partner)));
            }
        }
        return session.verdict(sid);
    }

    Verdict verdict(String sid) {
        return verdict(sid, false);
    }

    private void syncUnit(String sid, boolean retrying) {
        ServiceEntry sd = ctx.ss.get(sid);
        SortedMap<String, String> apart = ctx.rules.keepApart(sid);
        Set<String> tags = resourceTags.get(sid);
        Long memory = null;
        if (memoryLimit != null) {
            io.ballast.planner.usage.ResourceStats stats = ctx.usage.statsOf(sid);
            memory = (long) ctx.usage.model().movedLoad(stats == null
                    ? io.ballast.planner.usage.ResourceStats.NONE : stats)[1];
        }
        session.unit(new PolicyUnit(sid, sd.node, sd.maintenanceNode, ctx.failback(ctx.config(sid)), retrying,
                ctx.rules.nodeAffinityOf(sid), apart, sd.failedNodes == null ? List.of() : sd.failedNodes,
                tags == null ? new TreeSet<>() : new TreeSet<>(tags), memory));
        session.together(sid, new TreeSet<>(ctx.rules.positivePartners(sid)));
    }

    private static SortedMap<String, String> occupancy(ServiceEntry e) {
        return e.state.occupancy(e.node, e.target);
    }
}
