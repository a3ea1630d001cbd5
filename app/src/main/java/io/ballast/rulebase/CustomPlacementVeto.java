package io.ballast.rulebase;

import io.ballast.core.PlacementVeto;
import io.ballast.core.RoundInput;
import io.ballast.core.ServiceConfig;
import io.ballast.rules.placement.PlacementFacts;
import io.ballast.rules.placement.PlacementOutcome;
import io.ballast.rules.placement.PlacementPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Lets placement rules a rule author added to the rule directory act in the manager's rounds: the DRL
 * placement policy runs over the round's nodes, resources, rules and tags, and every node it excludes for
 * a resource with a reason other than the core's own filters (H1–H7, which the decision core applies itself)
 * becomes a {@link PlacementVeto}. With the packaged rule base nothing is evaluated. The last answer is reused
 * while its input stays the same, so a steady cluster costs one comparison per round.
 */
public final class CustomPlacementVeto implements PlacementVeto {

    /** Exclusions the decision core derives itself ("H1: node is not online", ...). */
    private static final Pattern CORE_FILTER = Pattern.compile("^H\\d+: .*");

    private final Supplier<RuleBaseService.Active> ruleBase;
    private final Map<String, ? extends Set<String>> nodeTags;
    private final Supplier<Map<String, ? extends Set<String>>> resourceTags;
    private Object lastKey;
    private Map<String, Map<String, String>> last = Map.of();

    /**
     * @param ruleBase     the rule base fixed for the round
     * @param nodeTags     node → tags (configuration: {@code ballast.cluster.node-tags})
     * @param resourceTags sid → guest tags, as last observed (empty where nothing reports tags)
     */
    public CustomPlacementVeto(Supplier<RuleBaseService.Active> ruleBase, Map<String, ? extends Set<String>> nodeTags,
                               Supplier<Map<String, ? extends Set<String>>> resourceTags) {
        this.ruleBase = ruleBase;
        this.nodeTags = Map.copyOf(nodeTags);
        this.resourceTags = resourceTags;
    }

    @Override
    public synchronized Map<String, Map<String, String>> vetoes(RoundInput in) {
        RuleBaseService.Active active = ruleBase.get();
        if (RuleBaseService.isPackaged(active) || in.services().isEmpty()) {
            return Map.of();
        }
        Map<String, ? extends Set<String>> tags = resourceTags.get();
        Set<String> maintenance = in.previous() == null ? Set.of() : in.previous().maintenanceRequests();
        List<PlacementFacts.Node> nodes = new ArrayList<>();
        for (String n : in.clusterNodes()) {
            nodes.add(new PlacementFacts.Node(n, in.onlineMembers().contains(n), maintenance.contains(n)));
        }
        List<PlacementFacts.Unit> units = new ArrayList<>();
        Map<String, SortedSet<String>> occupied = new TreeMap<>();
        for (ServiceConfig s : in.services().values()) {
            units.add(new PlacementFacts.Unit(s.sid(), List.of(s.sid()), s.node(), null, s.failback(), List.of()));
            if (s.node() != null) {
                occupied.put(s.sid(), new TreeSet<>(Set.of(s.node())));
            }
        }
        Object key = List.of(active.version(), nodes, units, in.rules(), tags);
        if (key.equals(lastKey)) {
            return last;
        }
        PlacementFacts facts = new PlacementFacts(nodes, units,
                active.checker().check(in.rules(), in.clusterNodes(), in.services().keySet()).compiled(), occupied,
                nodeTags, tags);
        PlacementOutcome outcome = new PlacementPolicy(active.base()).evaluate(facts);
        Map<String, Map<String, String>> vetoes = new TreeMap<>();
        outcome.units().forEach((sid, unit) -> unit.excluded().forEach((node, reasons) -> {
            List<String> own = reasons.stream().filter(r -> !CORE_FILTER.matcher(r).matches()).toList();
            if (!own.isEmpty()) {
                vetoes.computeIfAbsent(sid, k -> new TreeMap<>()).put(node, String.join("; ", own));
            }
        }));
        lastKey = key;
        last = vetoes;
        return vetoes;
    }
}
