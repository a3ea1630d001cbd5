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

    @Test
    void aStartWithRebalanceOnStartNeverPicksAVetoedNode() {
        Cluster c = new Cluster("node1", "node2", "node3").service("vm:101", "node3", "stopped")
                .service("vm:102", "node2", "started").service("vm:103", "node3", "started");
        c.manager = new HaManager(DB_OFF_NODE1);
        c.round(20);
        c.lrmAnswers("vm:101", LrmStatus.SUCCESS);
        c.round(40);
        assertThat(c.service("vm:101").state()).isEqualTo(ServiceState.STOPPED);
        c.services.put("vm:101", new ServiceConfig("vm:101", "node3", "started", 1, 1, true, null, null));
        c.crs = new io.ballast.rules.pve.CrsConfig("basic", true, false, 30, "bruteforce", 3, 10);
        c.round(60);
        // node1 is empty and would win on score; the rule leaves node2 (tied with node3, first by name)
        assertThat(c.service("vm:101").state()).isEqualTo(ServiceState.REQUEST_START_BALANCE);
        assertThat(c.service("vm:101").target()).isEqualTo("node2");
    }

    @Test
    void anEvacuationNeverGoesToAVetoedNode() {
        Cluster c = new Cluster("node1", "node2", "node3").service("vm:101", "node3", "started");
        c.manager = new HaManager(DB_OFF_NODE1);
        c.round(20);
        c.commands.add("enable-node-maintenance node3");
        c.round(40);
        c.lrmMode("node3", LrmMode.MAINTENANCE);
        c.round(60);
        assertThat(c.service("vm:101").state()).isEqualTo(ServiceState.MIGRATE);
        assertThat(c.service("vm:101").target()).as("node1 would come first by name").isEqualTo("node2");
    }

    @Test
    void greedyAndPlanRebalancingNeverMoveOntoAVetoedNode() {
        for (String method : List.of("bruteforce", "topsis", "plan")) {
            Cluster c = new Cluster("node1", "node2", "node3");
            long gib = 1024L * 1024 * 1024;
            for (String n : List.of("node1", "node2", "node3")) {
                c.nodeStats.put(n, new io.ballast.planner.usage.NodeStats(n, 16, 32 * gib, 0, 0));
            }
            // everything on node3; node1 is the emptiest node but vetoed for vm:101
            for (int i = 101; i <= 106; i++) {
                c.service("vm:" + i, "node3", "started");
                c.serviceStats.put("vm:" + i, new io.ballast.planner.usage.ResourceStats(4, 8 * gib, 0, 0));
            }
            c.crs = new io.ballast.rules.pve.CrsConfig("static", false, true, 30, method, 0, 0);
            c.manager = new HaManager(DB_OFF_NODE1);
            java.util.Set<String> targetsOf101 = new java.util.TreeSet<>();
            int moves = 0;
            for (int round = 1; round <= 30; round++) {
                c.round(20L * round);
                for (String sid : c.services.keySet()) {
                    ServiceStatus s = c.service(sid);
                    if (s.state() == ServiceState.MIGRATE) {
                        moves++;
                        if (sid.equals("vm:101")) {
                            targetsOf101.add(s.target());
                        }
                        c.lrmAnswers(sid, LrmStatus.SUCCESS);
                    }
                }
            }
            assertThat(moves).as(method + " rebalanced at all").isGreaterThan(0);
            assertThat(targetsOf101).as(method + ": vm:101 never goes to node1").doesNotContain("node1");
            assertThat(c.service("vm:101").node()).as(method).isNotEqualTo("node1");
        }
    }
}
