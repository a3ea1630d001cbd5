package io.ballast.manager.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

import io.ballast.manager.store.ManagerStore;

/**
 * The manager loop on the simulated cluster, end to end through the API: a node powered off over REST is
 * fenced and its guest recovered elsewhere; status, audit and the status tables follow. Rounds run every
 * 40 ms, so the 60 s fence delay and 120 s lock timeout of cluster time pass in well under a second.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ballast.db.embedded.data-dir=", "ballast.manager.round-period=40ms",
            "ballast.cluster.nodes=node1,node2,node3"})
@AutoConfigureTestRestTemplate
class SimulatedClusterTest {

    @Autowired
    TestRestTemplate http;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    SimulatedCluster cluster;

    @Autowired
    io.ballast.rulebase.RuleBaseService ruleBases;

    @Autowired
    ManagerStore store;

    @Autowired
    io.ballast.lease.LeaderLease lease;

    @Autowired
    io.ballast.proposal.ProposalStore proposals;

    @Autowired
    org.springframework.transaction.support.TransactionTemplate tx;

    private ResponseEntity<Map> post(String path, String json) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.postForEntity(path, new HttpEntity<>(json, headers), Map.class);
    }

    private static <T> T await(String what, Supplier<T> probe) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> entry(Map<String, Object> status, String list, String key, String value) {
        return ((List<Map<String, Object>>) status.get(list)).stream().filter(m -> value.equals(m.get(key)))
                .findFirst().orElseThrow(() -> new AssertionError(list + " lacks " + value + ": " + status));
    }

    private String startedOn(String sid) {
        List<String> nodes = jdbc.queryForList("SELECT node FROM service_status WHERE sid = ? AND state = 'started'"
                + " AND running", String.class, sid);
        return nodes.isEmpty() ? null : nodes.get(0);
    }

    @Test
    @SuppressWarnings("unchecked")
    void poweredOffNodeIsFencedAndItsGuestRecoveredElsewhere() throws InterruptedException {
        assertThat(post("/api/v1/resources", "{\"sid\":\"vm:100\",\"state\":\"started\"}").getStatusCode())
                .isEqualTo(HttpStatus.CREATED);
        String first = await("vm:100 running", () -> startedOn("vm:100"));

        ResponseEntity<Map> off = post("/api/v1/sim/nodes/" + first + "/power", "{\"state\":\"off\"}");
        assertThat(off.getStatusCode()).isEqualTo(HttpStatus.OK);

        String second = await("vm:100 recovered", () -> {
            String n = startedOn("vm:100");
            return n != null && !n.equals(first) ? n : null;
        });
        assertThat(second).isNotEqualTo(first);
        // fenced, acknowledged, back to unknown while the node stays off
        assertThat(jdbc.queryForObject("SELECT state FROM node_status WHERE node = ?", String.class, first))
                .isEqualTo("unknown");
        List<String> path = jdbc.queryForList("SELECT after->>'state' FROM audit_event WHERE kind = 'decision'"
                + " AND entity_id = 'vm:100' ORDER BY id", String.class);
        assertThat(path).contains("fence", "recovery");
        // each state change records its own places: the fence on the failed node, the recovery onto the new one
        assertThat(jdbc.queryForList("SELECT before->>'node' || '>' || (after->>'node') FROM audit_event"
                + " WHERE kind = 'decision' AND entity_id = 'vm:100' AND explanation->>'action' IN"
                + " ('started -> fence', 'fence -> recovery')", String.class))
                .containsExactly(first + ">" + first, first + ">" + first);
        Map<String, Object> recovered = jdbc.queryForMap("SELECT before->>'node' AS before, after->>'node' AS after,"
                + " explanation->>'explanation' AS why, explanation->'policy_rules' AS rules FROM audit_event"
                + " WHERE kind = 'decision' AND entity_id = 'vm:100' AND explanation->>'action' = 'recovery -> started'");
        assertThat(recovered).containsEntry("before", first).containsEntry("after", second);
        assertThat((String) recovered.get("why")).contains("placement: ");
        assertThat(String.valueOf(recovered.get("rules"))).contains("placement: ");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE kind = 'decision'"
                + " AND rule_base_version IS NOT NULL AND round IS NOT NULL", Integer.class)).isPositive();
        // each decision names the DRL rule base (as GET /api/v1/rule-base reports it) and the rules it ran with
        String drl = (String) http.getForObject("/api/v1/rule-base", Map.class).get("version");
        assertThat(jdbc.queryForList("SELECT DISTINCT rule_base_version FROM audit_event WHERE kind = 'decision'",
                String.class)).allMatch(v -> v.matches("drl-" + drl.substring(0, 16) + "/rules-[0-9a-f]{12}"));

        Map<String, Object> status = http.getForObject("/api/v1/status", Map.class);
        assertThat(status).containsKeys("nodes", "resources", "crs", "arm", "manager", "master", "events");
        Map<String, Object> node = entry(status, "nodes", "node", first);
        assertThat(node).containsEntry("power", "off").containsEntry("state", "unknown");
        Map<String, Object> vm = entry(status, "resources", "sid", "vm:100");
        assertThat(vm).containsEntry("node", second);
        assertThat((String) vm.get("reason")).startsWith("running on " + second + "; on " + second + " since ");
        assertThat((Map<String, Object>) vm.get("last_decision")).containsOnlyKeys("round", "trigger", "action",
                "explanation");
        assertThat((Map<String, Object>) status.get("crs")).containsEntry("mode", "basic")
                .containsEntry("auto_rebalance", "off").containsKey("node_loads");

        // a restarted service continues from the persisted status: same node, still started, node still unknown
        SimulatedCluster restarted = new SimulatedCluster(store, tx,
                new ManagerProperties(Duration.ofHours(1), true), ruleBases, null, lease, proposals, "simulated");
        cluster.stop(); // no concurrent writer while the second instance reads
        restarted.start();
        try {
            var snapshot = restarted.live().snapshot();
            assertThat(snapshot.serviceNodes()).containsEntry("vm:100", second);
            assertThat(snapshot.managerStatus().serviceStatus().get("vm:100").state().key()).isEqualTo("started");
            assertThat(snapshot.managerStatus().nodeStatus().get(first).key()).isEqualTo("unknown");
            restarted.live().step();
            restarted.live().step();
            // the node powered off before the restart stays off (the hardware is persisted with the rounds)
            assertThat(restarted.live().snapshot().nodes().get("node1".equals(first) ? "node2" : "node1").power())
                    .isTrue();
            assertThat(restarted.live().snapshot().nodes().get(first).power()).isFalse();
            assertThat(restarted.live().snapshot().managerStatus().nodeStatus().get(first).key()).isEqualTo("unknown");
            // the guest was already running there: no new start, no move
            assertThat(restarted.live().logSince(0)).noneMatch(l -> l.contains("starting service vm:100"))
                    .noneMatch(l -> l.contains("migrate service 'vm:100'"));
        } finally {
            restarted.stop();
            cluster.restart(); // the application's own loop goes on for the other tests
        }
    }

    @Test
    void simulatedPowerAndNetworkSurviveARestart() throws InterruptedException {
        for (String n : List.of("node1", "node2", "node3")) {
            post("/api/v1/sim/nodes/" + n + "/power", "{\"state\":\"on\"}");
        }
        post("/api/v1/sim/nodes/node3/power", "{\"state\":\"off\"}");
        post("/api/v1/sim/nodes/node2/network", "{\"state\":\"off\"}");
        await("hardware stored", () -> jdbc.queryForObject("SELECT count(*) FROM sim_node_hardware WHERE"
                + " (node = 'node3' AND NOT power) OR (node = 'node2' AND power AND NOT network)", Integer.class) == 2
                ? true : null);
        try {
            cluster.restart();
            // the restored hardware applies with the first round, as every hardware command does
            var nodes = await("first round after the restart", () -> {
                var n = cluster.live().snapshot().nodes();
                return n.get("node1").power() ? n : null;
            });
            assertThat(nodes.get("node3").power()).isFalse();
            assertThat(nodes.get("node2").power()).isTrue();
            assertThat(nodes.get("node2").network()).isFalse();
            assertThat(nodes.get("node1").power()).isTrue();
            assertThat(nodes.get("node1").network()).isTrue();
        } finally {
            for (String n : List.of("node1", "node2", "node3")) {
                post("/api/v1/sim/nodes/" + n + "/power", "{\"state\":\"on\"}");
            }
        }
        await("powered on again and stored", () -> jdbc.queryForObject("SELECT count(*) FROM sim_node_hardware"
                + " WHERE power AND network", Integer.class) == 3 ? true : null);
        cluster.restart();
        assertThat(await("all on after the restart", () -> cluster.live().snapshot().nodes().values().stream()
                .allMatch(v -> v.power() && v.network()) ? true : null)).isTrue();
    }

    @Test
    void rulesAndQueuedCommandsFromTheDatabaseReachTheManager() throws InterruptedException {
        for (String n : List.of("node1", "node2", "node3")) {
            post("/api/v1/sim/nodes/" + n + "/power", "{\"state\":\"on\"}");
        }
        assertThat(post("/api/v1/resources", "{\"sid\":\"vm:300\",\"state\":\"stopped\"}").getStatusCode())
                .isEqualTo(HttpStatus.CREATED);
        assertThat(post("/api/v1/rules", "{\"rule\":\"vm300-on-node3\",\"type\":\"node-affinity\","
                + "\"resources\":\"vm:300\",\"nodes\":\"node3\",\"strict\":true}").getStatusCode())
                .isEqualTo(HttpStatus.CREATED);
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        http.put("/api/v1/resources/vm:300", new HttpEntity<>("{\"state\":\"started\"}", headers));
        // the strict rule (read by the round from ha_rule/ha_rule_node) decides where it runs
        assertThat(await("vm:300 running", () -> startedOn("vm:300"))).isEqualTo("node3");

        assertThat(post("/api/v1/resources", "{\"sid\":\"vm:301\"}").getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String from = await("vm:301 running", () -> startedOn("vm:301"));
        String to = from.equals("node1") ? "node2" : "node1";
        assertThat(post("/api/v1/resources/vm:301/migrate", "{\"node\":\"" + to + "\"}").getStatusCode())
                .isEqualTo(HttpStatus.ACCEPTED);
        assertThat(await("vm:301 migrated", () -> to.equals(startedOn("vm:301")) ? to : null)).isEqualTo(to);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM crm_command WHERE sid = 'vm:301' AND consumed_at IS NOT NULL",
                Integer.class)).isEqualTo(1);
        assertThat(http.getForObject("/api/v1/commands", List.class)).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void maintenanceRequestedOverTheApiDrainsTheNode() throws InterruptedException {
        for (String n : List.of("node1", "node2", "node3")) {
            post("/api/v1/sim/nodes/" + n + "/power", "{\"state\":\"on\"}");
        }
        assertThat(post("/api/v1/resources", "{\"sid\":\"vm:200\",\"state\":\"started\"}").getStatusCode())
                .isEqualTo(HttpStatus.CREATED);
        String node = await("vm:200 running", () -> startedOn("vm:200"));

        assertThat(post("/api/v1/nodes/" + node + "/maintenance", "").getStatusCode()).isEqualTo(HttpStatus.OK);

        String moved = await("vm:200 moved away", () -> {
            String n = startedOn("vm:200");
            return n != null && !n.equals(node) ? n : null;
        });
        assertThat(moved).isNotEqualTo(node);
        Map<String, Object> progress = await("node drained", () -> {
            Map<String, Object> maintenance = (Map<String, Object>) entry(http.getForObject("/api/v1/status",
                    Map.class), "nodes", "node", node).get("drain");
            return maintenance != null && "drained".equals(maintenance.get("progress")) ? maintenance : null;
        });
        assertThat(progress).containsEntry("resources_left", List.of());
        assertThat(jdbc.queryForObject("SELECT state FROM node_status WHERE node = ?", String.class, node))
                .isEqualTo("maintenance");
        http.delete("/api/v1/nodes/" + node + "/maintenance");
    }

    @Test
    @SuppressWarnings("unchecked")
    void disarmOverTheApiReachesTheManagerAndSurvivesARestart() throws InterruptedException {
        // a cluster without resources has no active manager (Proxmox idles); give it something to manage
        post("/api/v1/resources", "{\"sid\":\"vm:300\",\"state\":\"started\"}");
        await("vm:300 running", () -> startedOn("vm:300"));
        assertThat(post("/api/v1/status/disarm-ha", "{\"resource-mode\":\"freeze\"}").getStatusCode())
                .isEqualTo(HttpStatus.OK);
        try {
            await("fully disarmed", () -> {
                Map<String, Object> arm = (Map<String, Object>) http.getForObject("/api/v1/status", Map.class)
                        .get("arm");
                return "disarmed".equals(arm.get("state")) ? arm : null;
            });

            cluster.restart();

            assertThat(cluster.live().snapshot().managerStatus().disarm()).isNotNull();
            await("disarmed again after the restart", () -> {
                var d = cluster.live().snapshot().managerStatus().disarm();
                return d != null && d.disarmed() ? d : null;
            });
        } finally {
            post("/api/v1/status/arm-ha", "");
        }
        await("re-armed", () -> cluster.live().snapshot().managerStatus().disarm() == null ? true : null);
    }

    @Test
    void rebalancingHoldCounterIsStoredWithTheManagerStatus() {
        cluster.stop();
        try {
            var s = cluster.live().snapshot().managerStatus();
            var withHold = new io.ballast.core.ManagerStatus(s.masterNode(), s.timestamp(), s.nodeStatus(),
                    s.maintenanceRequests(), s.disarm(), s.serviceStatus(), 2);
            tx.executeWithoutResult(t -> store.persist(withHold, 0));

            assertThat(jdbc.queryForObject("SELECT rebalance_hold_counter FROM manager_state", Integer.class))
                    .isEqualTo(2);
            assertThat(store.managerStatusJson()).containsEntry("rebalance_hold", 2);
        } finally {
            cluster.restart();
        }
    }

    @Test
    void faultInjectionRejectsUnknownNodesAndBadValues() {
        assertThat(post("/api/v1/sim/nodes/node9/power", "{\"state\":\"off\"}").getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        ResponseEntity<Map> bad = post("/api/v1/sim/nodes/node1/network", "{\"state\":\"down\"}");
        assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(bad.getBody().toString()).contains("state");
        assertThat(post("/api/v1/sim/resources/vm:4242/fail", "{\"start\":1}").getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(post("/api/v1/sim/resources/vm:4242/usage", "{\"cpu\":1}").getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void usageOfAResourceCanBeSetForTheScheduler() throws InterruptedException {
        post("/api/v1/resources", "{\"sid\":\"vm:400\",\"state\":\"stopped\"}");
        await("vm:400 known to the simulated cluster", () -> cluster.live().resourceIds().contains("vm:400") ? true : null);

        assertThat(post("/api/v1/sim/resources/vm:400/usage", "{\"cpu\":2.5,\"mem\":2048,\"maxcpu\":4}")
                .getStatusCode()).isEqualTo(HttpStatus.OK);
        ResponseEntity<Map> bad = post("/api/v1/sim/resources/vm:400/usage", "{\"disk\":1}");
        assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(bad.getBody().toString()).contains("disk");
        await("usage applied", () -> cluster.live().logSince(0).stream()
                .anyMatch(l -> l.endsWith("execute service vm:400 set-dynamic-stats cpu 2.5 mem 2048")) ? true : null);
    }
}
