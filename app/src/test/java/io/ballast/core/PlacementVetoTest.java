package io.ballast.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.rules.RuleChecker;
import io.ballast.rules.engine.DrlRuleChecker;
import io.ballast.rules.engine.DrlSource;
import io.ballast.rules.engine.RuleBase;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A rule author's exclusion is a hard filter like the packaged ones: never chosen, and a resource running on an
 * excluded node moves off.
 */
class PlacementVetoTest {

    private static final RuleChecker DB_OFF_NODE1_RULES = new DrlRuleChecker(RuleBase.compile(Stream.concat(
            DrlSource.packaged().stream(), Stream.of(new DrlSource("site/db-off-node1.drl", """
                    package io.ballast.rules.placement;
                    import io.ballast.rules.facts.PlacementFactsDrl.UnitFact;
                    import io.ballast.rules.facts.PlacementFactsDrl.Excluded;
                    rule "site: vm:101 stays off node1"
                    when
                        UnitFact( id == "vm:101", $u : id )
                    then
                        insertLogical( new Excluded( $u, "node1", "custom: db guests stay off old-hw nodes" ) );
                    end
                    """))).toList()));
    private static final Supplier<RuleChecker> DB_OFF_NODE1 = () -> DB_OFF_NODE1_RULES;

    @Test
    void aResourceOnAVetoedNodeMovesOffWithTheRuleAsReason() {
        Cluster c = new Cluster("node1", "node2", "node3").service("vm:101", "node1", "started")
                .service("vm:102", "node1", "started");
        c.manager = new HaManager(DB_OFF_NODE1);

        java.util.List<Decision> decisions = new java.util.ArrayList<>(c.round(20).decisions());
        decisions.addAll(c.round(40).decisions());
        assertThat(c.service("vm:101").state()).isEqualTo(ServiceState.MIGRATE);
        assertThat(c.service("vm:101").target()).isNotEqualTo("node1");
        assertThat(c.service("vm:102").node()).as("not vetoed: stays").isEqualTo("node1");
        assertThat(c.service("vm:102").state()).isEqualTo(ServiceState.STARTED);
        assertThat(decisions).anySatisfy(d -> {
            assertThat(d.subject()).isEqualTo("vm:101");
            assertThat(d.trigger()).isEqualTo("placement-rule");
            assertThat(d.explanation()).isEqualTo("custom: db guests stay off old-hw nodes");
        });
    }

    @Test
    void aVetoedNodeIsNeverARecoveryTarget() {
        Cluster c = new Cluster("node1", "node2", "node3").service("vm:101", "node3", "started");
        c.manager = new HaManager(DB_OFF_NODE1);
        c.round(20);
        c.round(40);
        c.online.remove("node3");
        c.freeLocks.add("node3");   // fenced: its agent lock is free
        for (int t = 60; t <= 400; t += 20) {
            c.round(t);
        }
        // node1 would be the first choice by name among equally loaded nodes; the veto leaves node2
        assertThat(c.service("vm:101").node()).isEqualTo("node2");
    }
}
