package io.ballast.command;

import io.ballast.rule.RuleConfig;
import io.ballast.rule.RuleService;
import io.ballast.rules.compiled.CompiledRules;
import io.ballast.rules.compiled.NodeAffinity;
import io.ballast.web.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Spec §9.2: a user migration that the rules forbid is refused before it is queued, instead of being
 * executed and then undone by the next placement (what 5.2 does). Non-strict preferences only warn.
 */
@Component
class MoveAffinityCheck {

    private final RuleService rules;
    private final JdbcTemplate jdbc;

    MoveAffinityCheck(RuleService rules, JdbcTemplate jdbc) {
        this.rules = rules;
        this.jdbc = jdbc;
    }

    /** Throws 409 naming the rule when {@code target} breaks a hard rule; returns warnings for soft ones. */
    List<String> check(String sid, String target) {
        List<RuleConfig> configs = rules.configs();
        CompiledRules compiled = rules.check(configs).compiled();
        List<String> warnings = new ArrayList<>();
        Set<String> moving = new TreeSet<>(compiled.positivePartners(sid));
        moving.add(sid);
        for (String member : moving) {
            NodeAffinity affinity = compiled.nodeAffinityOf(member);
            if (affinity == null) {
                continue;
            }
            Integer priority = affinity.nodes().get(target);
            String along = member.equals(sid) ? "" : " (" + member + " moves along with " + sid
                    + " by keep-together)";
            if (priority == null) {
                throw ApiException.conflict("/problems/rule-violation", "node '" + target
                        + "' is not allowed for " + member + " by strict node-affinity rule '" + affinity.ruleId()
                        + "' (allowed: " + String.join(", ", affinity.nodes().keySet()) + ")" + along, "node");
            }
            int best = affinity.nodes().values().stream().mapToInt(Integer::intValue).max().orElse(priority);
            if (priority < best) {
                warnings.add("node-affinity rule '" + affinity.ruleId() + "' prefers other nodes for " + member
                        + " (priority " + priority + " < " + best + "); with failback the manager may move it back");
            }
        }
        for (String member : moving) {
            for (String partner : compiled.negativePartners(member)) {
                if (moving.contains(partner)) {
                    continue;
                }
                List<Map<String, Object>> where = jdbc.queryForList(
                        "SELECT node, target FROM service_status WHERE sid = ?", partner);
                boolean there = where.stream().anyMatch(r -> target.equals(r.get("node"))
                        || target.equals(r.get("target")));
                if (there) {
                    throw ApiException.conflict("/problems/rule-violation", member + " must be kept apart from "
                            + partner + " (resource-affinity rule '" + negativeRule(configs, member, partner)
                            + "'), which is on node '" + target + "'", "node");
                }
            }
        }
        return warnings;
    }

    private static String negativeRule(List<RuleConfig> configs, String a, String b) {
        return configs.stream()
                .filter(c -> !c.nodeAffinity() && "negative".equals(c.affinity()) && !c.disable()
                        && c.resources().contains(a) && c.resources().contains(b))
                .map(RuleConfig::id).findFirst().orElse("implied by keep-together");
    }
}
