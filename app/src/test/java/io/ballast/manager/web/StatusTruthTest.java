package io.ballast.manager.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import io.ballast.manager.loop.SimulatedCluster;

/**
 * Status during a failover of the master node, round by round: the simulation is stepped by hand (the clock's period
 * is an hour) and {@code GET /api/v1/status} is read after every round, so no intermediate state is skipped.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ballast.db.embedded.data-dir=", "ballast.manager.round-period=1h",
            "ballast.cluster.nodes=node1,node2,node3"})
@AutoConfigureTestRestTemplate
class StatusTruthTest {

    @Autowired
    TestRestTemplate http;
    @Autowired
    SimulatedCluster cluster;

    private int post(String path, String json) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.postForEntity(path, new HttpEntity<>(json, headers), Map.class).getStatusCode().value();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> status() {
        return http.getForObject("/api/v1/status", Map.class);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> entry(Map<String, Object> status, String list, String key, String value) {
        return ((List<Map<String, Object>>) status.get(list)).stream().filter(m -> value.equals(m.get(key)))
                .findFirst().orElseThrow(() -> new AssertionError(list + " lacks " + value + ": " + status));
    }

    @SuppressWarnings("unchecked")
    private static List<String> events(Map<String, Object> status, String subject) {
        return ((List<Map<String, Object>>) status.get("events")).stream()
                .filter(e -> subject.equals(e.get("subject"))).map(e -> (String) e.get("action")).toList();
    }

    @Test
    @SuppressWarnings("unchecked")
    void everySnapshotOfAMasterFailoverTellsTheTruth() {
        for (String sid : List.of("vm:100", "vm:101", "vm:102")) {
            assertThat(post("/api/v1/resources", "{\"sid\":\"" + sid + "\",\"state\":\"started\"}")).isEqualTo(201);
        }
        for (int i = 0; i < 8; i++) {
            cluster.live().step();
        }
        Map<String, Object> before = status();
        Map<String, Object> master = (Map<String, Object>) before.get("master");
        assertThat(master).containsEntry("state", "active");
        String dead = (String) master.get("node");
        assertThat(entry(before, "nodes", "node", dead)).containsEntry("crm", "master").containsEntry("state", "online");
        String victim = ((List<Map<String, Object>>) before.get("resources")).stream()
                .filter(r -> dead.equals(r.get("node"))).map(r -> (String) r.get("sid")).findFirst().orElseThrow();
        assertThat((String) entry(before, "resources", "sid", victim).get("reason")).startsWith("running on " + dead);
        // each state in one place: the manager section holds the lease only
        assertThat((Map<String, Object>) before.get("manager")).containsOnlyKeys("leader", "term", "since",
                "expires_at", "self", "self_is_leader", "mode");
        assertThat((Map<String, Object>) before.get("crs")).containsKeys("ha", "mode", "imbalance", "threshold");

        assertThat(post("/api/v1/sim/nodes/" + dead + "/power", "{\"state\":\"off\"}")).isEqualTo(HttpStatus.OK.value());

        List<String> masters = new ArrayList<>();
        List<String> deadStates = new ArrayList<>();
        boolean noticed = false;
        boolean fenced = false;
        String recoveredOn = null;
        Map<String, Object> s = null;
        for (int round = 0; round < 40 && recoveredOn == null; round++) {
            cluster.live().step();
            s = status();
            Map<String, Object> m = (Map<String, Object>) s.get("master");
            Map<String, Object> node = entry(s, "nodes", "node", dead);
            Map<String, Object> vm = entry(s, "resources", "sid", victim);
            String nodeState = (String) node.get("state");
            String reason = (String) vm.get("reason");
            masters.add(m.get("state") + ":" + m.get("node"));
            deadStates.add(nodeState);
            assertThat(node).as("observed facts").containsEntry("power", "off").containsEntry("member", false);
            // the master is never just missing: active on a powered node, or the dead one reported lost
            assertThat(m.get("state")).isIn("active", "lost");
            if ("active".equals(m.get("state"))) {
                assertThat(m.get("node")).isNotEqualTo(dead);
                assertThat(entry(s, "nodes", "node", (String) m.get("node"))).containsEntry("crm", "master");
            } else {
                assertThat(m).containsEntry("node", dead).containsKey("note");
            }
            noticed |= !"online".equals(nodeState);
            if (noticed) {
                assertThat(nodeState).as("once counted out, never online again while off").isNotEqualTo("online");
                assertThat(node.get("since")).isNotNull();
            } else {
                // the manager's last round still says online: the status says that it is stale
                assertThat(node).containsKey("note");
                assertThat(reason).doesNotStartWith("running on " + dead).contains("not a cluster member");
            }
            if (dead.equals(vm.get("node")) && "started".equals(vm.get("state"))) {
                assertThat(reason).doesNotStartWith("running on");
            }
            fenced |= events(s, dead).contains("unknown -> fence");
            if (fenced) {
                assertThat(vm.get("node")).as("recovered in the round that fenced it").isNotEqualTo(dead);
            }
            if ("started".equals(vm.get("state")) && !dead.equals(vm.get("node"))) {
                recoveredOn = (String) vm.get("node");
                // why it is there: the recovery, with the node it came from
                assertThat(reason).contains("; on " + recoveredOn + " since ");
                assertThat(vm.get("since")).isNotNull();
            }
        }
        assertThat(recoveredOn).as("recovered; masters seen " + masters).isNotNull();
        assertThat(masters).as("the dead master is reported lost until another node takes over")
                .contains("lost:" + dead).last().asString().startsWith("active:");
        assertThat(deadStates).contains("online", "unknown");
        // fence and recovery pass within one round, yet show among the transitions
        assertThat(events(s, dead)).contains("unknown -> fence");
        assertThat(events(s, victim)).contains("started -> fence", "fence -> recovery");

        // a migration: afterwards the reason says it runs there and why, not "start requested"
        String sid = victim;
        String from = recoveredOn;
        String to = List.of("node1", "node2", "node3").stream().filter(n -> !n.equals(dead) && !n.equals(from))
                .findFirst().orElseThrow();
        for (int i = 0; i < 4; i++) {
            cluster.live().step();
        }
        assertThat(post("/api/v1/resources/" + sid + "/migrate", "{\"node\":\"" + to + "\"}")).isEqualTo(202);
        Map<String, Object> vm = null;
        for (int round = 0; round < 20; round++) {
            cluster.live().step();
            vm = entry(status(), "resources", "sid", sid);
            if ("started".equals(vm.get("state")) && to.equals(vm.get("node"))) {
                break;
            }
        }
        assertThat(vm).containsEntry("node", to).containsEntry("state", "started");
        assertThat((String) vm.get("reason")).startsWith("running on " + to + "; on " + to + " since ");
    }
}
