package io.ballast.command;

import io.ballast.config.ClusterProperties;
import io.ballast.core.ServiceState;
import io.ballast.node.NodeService;
import io.ballast.resource.ResourceConfig;
import io.ballast.resource.ResourceService;
import io.ballast.rule.RuleService;
import io.ballast.rulebase.RuleBaseService;
import io.ballast.rules.compiled.CompiledRules;
import io.ballast.rules.facts.PlacementFactsDrl.NodeFact;
import io.ballast.rules.placement.PolicySession;
import io.ballast.rules.placement.PolicyUnit;
import io.ballast.rules.placement.Verdict;
import io.ballast.web.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Spec §9.2: a user migration that the placement policy forbids is refused before it is queued, instead of being
 * executed and then undone by the next placement (what 5.2 does). The answer comes from the active DRL rule base,
 * the same policy the manager asks, over the persisted status: strict node affinity, keep-separate, rule authors'
 * own exclusions. Whether the target is online is the command's own check; a lower priority class only warns.
 */
@Component
class MoveAffinityCheck {

    /** Filters the command checks itself (node state) or that only apply to retries. */
    private static final Set<String> NOT_HERE = Set.of("H1", "H2", "H7");

    private final RuleService rules;
    private final RuleBaseService ruleBases;
    private final ResourceService resources;
    private final NodeService nodes;
    private final ClusterProperties cluster;
    private final JdbcTemplate jdbc;

    MoveAffinityCheck(RuleService rules, RuleBaseService ruleBases, ResourceService resources, NodeService nodes,
                      ClusterProperties cluster, JdbcTemplate jdbc) {
        this.rules = rules;
        this.ruleBases = ruleBases;
        this.resources = resources;
        this.nodes = nodes;
        this.cluster = cluster;
        this.jdbc = jdbc;
    }

    /** Throws 409 naming the rule when {@code target} breaks a hard rule; returns warnings for soft ones. */
    List<String> check(String sid, String target) {
        RuleBaseService.Active active = ruleBases.activeChecker();
        CompiledRules compiled = rules.check(rules.configs()).compiled();
        Map<String, Boolean> failback = new TreeMap<>();
        for (ResourceConfig r : resources.list()) {
            failback.put(r.sid(), r.failback());
        }
        Set<String> moving = new TreeSet<>(compiled.positivePartners(sid));
        moving.add(sid);
        List<String> warnings = new ArrayList<>();
        try (PolicySession policy = new PolicySession(active.base())) {
            List<NodeFact> facts = new ArrayList<>();
            for (Map<String, Object> n : nodes.list()) {
                facts.add(new NodeFact((String) n.get("node"), "online".equals(n.get("state")),
                        Boolean.TRUE.equals(n.get("maintenance"))));
            }
            policy.nodes(facts);
            policy.nodeTags(cluster == null ? Map.of() : cluster.tagsByNode());
            Map<String, String> current = new TreeMap<>();
            for (Map<String, Object> row : jdbc.queryForList("SELECT sid, state, node, target FROM service_status")) {
                String rowSid = (String) row.get("sid");
                current.put(rowSid, (String) row.get("node"));
                policy.occupies(rowSid, ServiceState.parse((String) row.get("state"))
                        .occupancy((String) row.get("node"), (String) row.get("target")));
            }
            for (String member : moving) {
                policy.unit(new PolicyUnit(member, current.get(member), null, failback.getOrDefault(member, true),
                        false, compiled.nodeAffinityOf(member), compiled.keepApart(member), List.of(),
                        new TreeSet<>(), null));
            }
            for (String member : moving) {
                Verdict v = policy.verdict(member);
                String along = member.equals(sid) ? "" : " (" + member + " moves along with " + sid
                        + " by keep-together)";
                List<Verdict.Exclusion> against = v.excluded().getOrDefault(target, List.of()).stream()
                        .filter(e -> !NOT_HERE.contains(e.filter())).toList();
                if (!against.isEmpty()) {
                    throw ApiException.conflict("/problems/rule-violation", "node '" + target + "' is not allowed for "
                            + member + ": " + String.join("; ", against.stream().map(MoveAffinityCheck::describe)
                            .toList()) + along, "node");
                }
                Integer priority = v.allowed().get(target);
                if (priority != null && v.preferredClass() != null && priority < v.preferredClass()
                        && compiled.nodeAffinityOf(member) != null) {
                    warnings.add("node-affinity rule '" + compiled.nodeAffinityOf(member).ruleId() + "' prefers other "
                            + "nodes for " + member + " (priority " + priority + " < " + v.preferredClass()
                            + "); with failback the manager may move it back");
                }
            }
        }
        return warnings;
    }

    private static String describe(Verdict.Exclusion e) {
        return e.rule() == null || e.reason().contains(e.rule()) ? e.toString() : e + " (rule '" + e.rule() + "')";
    }
}
