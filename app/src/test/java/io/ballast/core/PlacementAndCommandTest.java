package io.ballast.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.planner.usage.NodeStats;
import io.ballast.planner.usage.ResourceStats;
import io.ballast.rules.config.Affinity;
import io.ballast.rules.config.NodeAffinityRule;
import io.ballast.rules.config.ResourceAffinityRule;
import io.ballast.rules.config.RuleSet;
import io.ballast.rules.pve.CrsConfig;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Node selection with rules, command intake and CRS features, driven through manager rounds. */
class PlacementAndCommandTest {
    private static final long GIB = 1024L * 1024 * 1024;

    private static NodeAffinityRule nodeRule(String id, List<String> sids, Map<String, Integer> nodes, boolean strict) {
        return new NodeAffinityRule(id, sids, new TreeMap<>(nodes), strict, false, null, 1);
    }

    private static ResourceAffinityRule resourceRule(String id, List<String> sids, Affinity affinity) {
        return new ResourceAffinityRule(id, sids, affinity, false, null, 2);
    }

    @Test
    void nodeAffinityMovesToTheHighestPriorityOnlineNode() {
        Cluster c = new Cluster("node1", "node2", "node3").service("vm:101", "node1", "started");
        c.rules = new RuleSet(List.of(nodeRule("prefer", List.of("vm:101"), Map.of("node2", 2, "node3", 1), true)),
                List.of());
        c.round(20);
        assertThat(c.messages()).contains("migrate service 'vm:101' to node 'node2' (running)");
        c.lrmAnswers("vm:101", LrmStatus.SUCCESS);
        c.round(40);
        c.online.remove("node2");
        c.round(60);
        c.round(120);
        c.freeLocks.add("node2");
        c.round(140);
        // strict rule: recovery may only pick node3 (node1 is not listed)
        assertThat(c.messages()).contains("recover service 'vm:101' from fenced node 'node2' to node 'node3'");
    }

    @Test
    void strictRuleWithoutOnlineNodeKeepsTheServiceInRecovery() {
        Cluster c = new Cluster("node1", "node2", "node3").service("vm:101", "node2", "started");
        c.rules = new RuleSet(List.of(nodeRule("only2", List.of("vm:101"), Map.of("node2", 0), true)), List.of());
        c.round(20);
        c.online.remove("node2");
        c.round(40);
        c.freeLocks.add("node2");
        c.round(100);
        assertThat(c.messages()).contains(
                "recovering service 'vm:101' from fenced node 'node2' failed, no recovery node found");
        assertThat(c.service("vm:101").state()).isEqualTo(ServiceState.RECOVERY);
        c.online.add("node2");
        c.round(120);
        assertThat(c.messages()).contains("recover service 'vm:101' to previous failed and fenced node 'node2' again");
    }

    @Test
    void migrateIntoANegativePartnerIsRejected() {
        Cluster c = new Cluster("node1", "node2", "node3")
                .service("vm:101", "node1", "started").service("vm:102", "node2", "started");
        c.rules = new RuleSet(List.of(), List.of(resourceRule("apart", List.of("vm:101", "vm:102"), Affinity.NEGATIVE)));
        c.round(20);
        c.commands.add("migrate vm:101 node2");
        c.round(40);
        assertThat(c.messages()).containsExactly("crm command 'migrate vm:101 node2' error - service 'vm:102' on node "
                + "'node2' in negative affinity with service 'vm:101'");
        assertThat(c.service("vm:101").state()).isEqualTo(ServiceState.STARTED);
    }

    @Test
    void migrateOfAKeepTogetherMemberQueuesItsPartners() {
        Cluster c = new Cluster("node1", "node2", "node3")
                .service("vm:101", "node1", "started").service("vm:102", "node1", "started");
        c.rules = new RuleSet(List.of(), List.of(resourceRule("together", List.of("vm:101", "vm:102"),
                Affinity.POSITIVE)));
        c.round(20);
        c.commands.add("migrate vm:101 node3");
        c.round(40);
        assertThat(c.messages()).containsExactly(
                "got crm command: migrate vm:101 node3",
                "crm command 'migrate vm:101 node3' - migrate service 'vm:102' to node 'node3' (service 'vm:102' "
                        + "in positive affinity with service 'vm:101')",
                "migrate service 'vm:101' to node 'node3'",
                "service 'vm:101': state changed from 'started' to 'migrate'  (node = node1, target = node3)",
                "migrate service 'vm:102' to node 'node3'",
                "service 'vm:102': state changed from 'started' to 'migrate'  (node = node1, target = node3)");
    }

    @Test
    void commandsForUnknownServicesOrOfflineNodesAreErrors() {
        Cluster c = new Cluster("node1", "node2", "node3").service("vm:101", "node1", "started");
        c.round(20);
        c.online.remove("node3");
        c.commands.addAll(List.of("migrate vm:999 node2", "migrate vm:101 node3", "migrate vm:101 node1", "bogus"));
        c.round(40);
        assertThat(c.messages()).containsExactly(
                "node 'node3': state changed from 'online' => 'unknown'",
                "crm command error - no such service: migrate vm:999 node2",
                "crm command error - node not online: migrate vm:101 node3",
                "ignore crm command - service already on target node: migrate vm:101 node1",
                "unable to parse crm command: bogus");
        assertThat(c.last.effects()).contains(new Effect.CommandsConsumed(4));
    }

    @Test
    void failbackOffKeepsTheServiceWhereItWasRecovered() {
        Cluster c = new Cluster("node1", "node2", "node3");
        c.services.put("vm:101", new ServiceConfig("vm:101", "node2", "started", 1, 1, false, null, null));
        c.rules = new RuleSet(List.of(nodeRule("prefer2", List.of("vm:101"), Map.of("node2", 1), false)), List.of());
        c.round(20);
        c.online.remove("node2");
        c.round(40);
        c.freeLocks.add("node2");
        c.round(100);
        assertThat(c.service("vm:101").node()).isEqualTo("node1");
        c.online.add("node2");
        c.round(120);
        assertThat(c.messages()).containsExactly("node 'node2': state changed from 'unknown' => 'online'");
        assertThat(c.service("vm:101").node()).isEqualTo("node1");
    }

    @Test
    void rebalanceOnStartPicksTheLeastLoadedNode() {
        Cluster c = new Cluster("node1", "node2", "node3")
                .service("vm:101", "node1", "started").service("vm:102", "node1", "started");
        c.crs = new CrsConfig("basic", true, false, 30, "bruteforce", 3, 10);
        c.round(20);
        assertThat(c.messages()).contains(
                "service vm:101: re-balance selected current node node1 for startup",
                "service 'vm:101': state changed from 'request_start' to 'started'  (node = node1)",
                "service vm:102: re-balance selected new node node2 for startup",
                "service 'vm:102': state changed from 'request_start' to 'request_start_balance'  (node = node1, "
                        + "target = node2)");
        c.lrmAnswers("vm:102", LrmStatus.IGNORED);
        c.round(40);
        assertThat(c.messages()).containsExactly(
                "service 'vm:102' - rebalance-on-start request ignored - service already running",
                "service 'vm:102': state changed from 'request_start_balance' to 'started'  (node = node1)");
    }

    @Test
    void autoRebalanceMovesOneServicePerRoundAfterTheHoldDuration() {
        Cluster c = new Cluster("node1", "node2", "node3");
        for (String n : List.of("node1", "node2", "node3")) {
            c.nodeStats.put(n, new NodeStats(n, 24, 32 * GIB, 0, 0));
        }
        for (String sid : List.of("vm:101", "vm:102", "vm:103", "vm:104")) {
            c.service(sid, "node1", "started");
            c.serviceStats.put(sid, new ResourceStats(1, 4 * GIB, 0, 0));
        }
        c.crs = new CrsConfig("static", false, true, 30, "bruteforce", 2, 10);
        c.round(20);
        assertThat(c.messages()).contains("using scheduler mode 'static'");
        c.round(40);
        assertThat(c.messages()).isEmpty(); // first round above threshold: hold
        c.round(60);
        assertThat(c.messages()).containsExactly(
                "auto rebalance - migrate vm:101 to node2 (expected change for imbalance from 1.00 to 0.66)",
                "got crm command: migrate vm:101 node2",
                "migrate service 'vm:101' to node 'node2'",
                "service 'vm:101': state changed from 'started' to 'migrate'  (node = node1, target = node2)");
        c.round(80);
        assertThat(c.messages()).as("nothing while a migration runs").isEmpty();
    }
}
