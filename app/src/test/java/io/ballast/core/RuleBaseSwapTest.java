package io.ballast.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.rules.RuleCheckResult;
import io.ballast.rules.RuleChecker;
import io.ballast.rules.RuleCheckers;
import io.ballast.rules.config.RuleSet;
import io.ballast.rules.pve.RulesCfgParser;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A reloaded rule base takes effect in the next round, without any change to the rules themselves. */
class RuleBaseSwapTest {

    @Test
    void aNewCheckerRecompilesTheUnchangedRules() {
        Cluster c = new Cluster("node1", "node2", "node3").service("vm:101", "node1", "started");
        c.rules = RulesCfgParser.parse("test", "node-affinity: vm101-on-node2\n\tresources vm:101\n\tnodes node2\n"
                + "\tstrict 1\n");
        RuleChecker packaged = RuleCheckers.defaultChecker();
        // stands for a custom DRL file that drops every node affinity rule
        RuleChecker dropsNodeRules = (rules, nodes, resources) -> {
            List<RuleCheckResult.DroppedRule> dropped = rules.nodeAffinity().stream()
                    .map(n -> new RuleCheckResult.DroppedRule(n.id(), "custom", "a custom rule forbids it")).toList();
            RuleCheckResult none = packaged.check(RuleSet.EMPTY, nodes, resources);
            return new RuleCheckResult(none.kept(), dropped, List.of(), none.compiled());
        };
        AtomicReference<RuleChecker> active = new AtomicReference<>(dropsNodeRules);
        c.manager = new HaManager(active::get);

        c.round(20);
        assertThat(c.messages()).contains("Drop rule 'vm101-on-node2', because a custom rule forbids it.");
        c.round(40);
        assertThat(c.messages()).as("same rules, same rule base: not compiled again").noneMatch(m -> m.startsWith("Drop"));
        assertThat(c.service("vm:101").node()).isEqualTo("node1");

        active.set(packaged);   // the reload
        c.round(60);
        assertThat(c.messages()).noneMatch(m -> m.startsWith("Drop"));
        assertThat(c.service("vm:101").state()).isEqualTo(ServiceState.MIGRATE);
        assertThat(c.service("vm:101").target()).isEqualTo("node2");
    }
}
