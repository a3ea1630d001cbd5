package io.ballast.core;

import io.ballast.core.NodeSelector.Preference;
import io.ballast.rules.placement.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Why a resource is where it is, or where it would go now: for every node whether the placement policy allows it
 * (and the reasons and rules against it), its priority class and usage score, then the node the selection picks
 * and why. Built from the same policy session and selection the rounds use, so it cannot contradict them.
 *
 * @param chosen   the node the selection picks now (the current one when it stays), null when none qualifies
 * @param decision one sentence: stays, moves (and why), or blocked
 */
public record PlacementExplanation(String sid, String state, String current, String chosen, String decision,
                                   Integer preferredClass, boolean failsBack, List<String> mustMove,
                                   String returnTarget, String blocked, List<NodeOption> nodes) {

    /**
     * One node as the policy sees it for the resource.
     *
     * @param priority  the resource's node-affinity priority there (0 without node affinity), null when not allowed
     * @param preferred in the class the resource is placed in (and tried)
     * @param score     usage score among the allowed nodes (lower is better), null when not allowed
     * @param reasons   why it is excluded ("H4: keep-separate rule 'db-apart': vm:101 runs on node2")
     * @param rules     the configured rules behind those reasons
     */
    public record NodeOption(String node, boolean allowed, Integer priority, boolean preferred, Double score,
                             List<String> reasons, List<String> rules) {
    }

    static PlacementExplanation of(RoundContext ctx, String sid) {
        ServiceEntry sd = ctx.ss.get(sid);
        Preference preference = sd.state == ServiceState.RECOVERY
                || (sd.state == ServiceState.REQUEST_START && ctx.input.crs().rebalanceOnStart())
                ? Preference.BEST_SCORE : Preference.NONE;
        NodeSelector selector = ctx.selector();
        Verdict v = selector.verdict(sid, preference);
        boolean placedByManager = sd.state == ServiceState.STARTED || preference == Preference.BEST_SCORE;
        String chosen = placedByManager ? selector.select(sid, preference) : sd.node;
        Map<String, Double> scores = ctx.usage.score(sid, new ArrayList<>(v.allowed().keySet()));
        List<NodeOption> nodes = new ArrayList<>();
        java.util.SortedSet<String> preferred = v.preferred();
        java.util.SortedSet<String> names = new java.util.TreeSet<>(ctx.input.clusterNodes());
        names.addAll(ctx.ns.nodes());
        for (String n : names) {
            Integer priority = v.allowed().get(n);
            List<Verdict.Exclusion> against = v.excluded().getOrDefault(n, List.of());
            nodes.add(new NodeOption(n, priority != null, priority, preferred.contains(n),
                    priority == null ? null : scores.get(n), against.stream().map(Verdict.Exclusion::toString).toList(),
                    against.stream().map(Verdict.Exclusion::rule).filter(java.util.Objects::nonNull).distinct().toList()));
        }
        return new PlacementExplanation(sid, sd.state.key(), sd.node, chosen,
                decision(sd, chosen, v, placedByManager), v.preferredClass(), v.failsBack(), v.mustMove(),
                v.returnTarget(), v.blocked(), List.copyOf(nodes));
    }

    private static String decision(ServiceEntry sd, String chosen, Verdict v, boolean placedByManager) {
        if (!placedByManager) {
            return "not placed now: the resource is in state '" + sd.state.key() + "' on " + sd.node;
        }
        if (chosen == null) {
            return v.blocked() != null ? v.blocked()
                    : "no node qualifies: " + (v.allowed().isEmpty() ? "every node is excluded" : "no allowed node is tried");
        }
        if (chosen.equals(sd.node)) {
            return "stays on " + chosen + ": allowed" + (v.preferred().contains(chosen) ? ", in the preferred class"
                    : v.failsBack() ? "" : ", failback off keeps it outside the preferred class");
        }
        String why = !v.mustMove().isEmpty() ? String.join("; ", v.mustMove())
                : chosen.equals(sd.maintenanceNode) ? "return to maintenance node " + chosen
                : "the selection prefers it (keep-together group or lower usage score)";
        return "moves to " + chosen + ": " + why;
    }
}
