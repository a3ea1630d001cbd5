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

    RoundPolicy(PolicySession session, RoundContext ctx, PlacementTags tags) {
        this.session = session;
        this.ctx = ctx;
        this.resourceTags = tags.resourceTags();
        session.nodeTags(tags.nodeTags());
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
        syncUnit(sid, retrying);
        session.occupies(sid, occupancy(ctx.ss.get(sid)));
        for (String partner : ctx.rules.negativePartners(sid)) {
            if (ctx.ss.containsKey(partner)) {
                syncUnit(partner, false);
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
        session.unit(new PolicyUnit(sid, sd.node, sd.maintenanceNode, ctx.failback(ctx.config(sid)), retrying,
                ctx.rules.nodeAffinityOf(sid), apart, sd.failedNodes == null ? List.of() : sd.failedNodes,
                tags == null ? new TreeSet<>() : new TreeSet<>(tags), null));
    }

    private static SortedMap<String, String> occupancy(ServiceEntry e) {
        return e.state.occupancy(e.node, e.target);
    }
}
