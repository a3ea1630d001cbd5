package io.ballast.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/** {@code POST /api/v1/what-if}: the manager's answer on a copy of the current state, nothing changed. */
class WhatIfApiTest extends ApiTestBase {

    @BeforeEach
    void cluster() {
        emptyConfiguration();
        post("/api/v1/resources", "{\"sid\":\"vm:100\",\"state\":\"started\"}");
        post("/api/v1/resources", "{\"sid\":\"vm:101\",\"state\":\"started\"}");
        post("/api/v1/resources", "{\"sid\":\"vm:102\",\"state\":\"started\"}");
        // the manager last saw vm:100 and vm:101 running on node3, vm:102 on node1
        jdbc.update("INSERT INTO service_status (sid, state, node, uid, running) VALUES"
                + " ('vm:100', 'started', 'node3', 'u1', true), ('vm:101', 'started', 'node3', 'u2', true),"
                + " ('vm:102', 'started', 'node1', 'u3', true)");
        jdbc.update("INSERT INTO node_status (node, state) VALUES ('node1', 'online'), ('node2', 'online'),"
                + " ('node3', 'online')");
    }

    @Test
    @SuppressWarnings("unchecked")
    void failingANodeRecoversItsGuestsElsewhereAndChangesNothing() {
        long audit = auditRows();
        ResponseEntity<String> r = post("/api/v1/what-if", "{\"fail\": [\"node3\"]}");
        assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
        Map<String, Object> answer = map(r);

        assertThat(answer).containsEntry("events", List.of("power node3 off")).containsEntry("completed", true);
        List<Map<String, Object>> moves = (List<Map<String, Object>>) answer.get("moves");
        assertThat(moves).extracting(m -> m.get("sid") + " " + m.get("from") + " " + m.get("state"))
                .containsExactlyInAnyOrder("vm:100 node3 started", "vm:101 node3 started");
        assertThat(moves).allSatisfy(m -> assertThat(m.get("to")).isIn("node1", "node2"));
        // each move carries the placement explanation of the state it ends in: staying where it went, node3 down
        assertThat(moves).allSatisfy(m -> {
            Map<String, Object> placement = (Map<String, Object>) m.get("placement");
            assertThat(placement).containsEntry("current", m.get("to")).containsEntry("chosen", m.get("to"));
            assertThat((List<Map<String, Object>>) placement.get("nodes")).filteredOn(n -> n.get("node").equals("node3"))
                    .singleElement().satisfies(n -> assertThat((List<String>) n.get("reasons"))
                            .containsExactly("H1: node is not online"));
        });
        assertThat((List<?>) answer.get("not_running")).isEmpty();
        List<String> log = (List<String>) answer.get("log");
        assertThat(log.get(0)).endsWith("execute power node3 off");
        assertThat(log).anyMatch(l -> l.contains("fence")).anyMatch(l -> l.contains("recover service 'vm:100'"));

        // a question, not an action
        assertThat(jdbc.queryForObject("SELECT node FROM service_status WHERE sid = 'vm:100'", String.class))
                .isEqualTo("node3");
        assertThat(auditRows()).isEqualTo(audit);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aGuestPinnedToTheFailedNodeIsReportedAsNotRunning() {
        post("/api/v1/rules", "{\"rule\":\"vm101-only-node3\",\"type\":\"node-affinity\",\"resources\":\"vm:101\","
                + "\"nodes\":\"node3\",\"strict\":true}");
        Map<String, Object> answer = map(post("/api/v1/what-if", "{\"fail\": \"node3\"}"));
        assertThat((List<Map<String, Object>>) answer.get("not_running")).extracting(d -> d.get("sid"))
                .containsExactly("vm:101");
        assertThat((List<Map<String, Object>>) answer.get("moves")).extracting(m -> m.get("sid"))
                .containsExactly("vm:100");
    }

    @Test
    @SuppressWarnings("unchecked")
    void headroomNamesTheFailureTheClusterCannotSurviveAndWhatMaintenanceCannotMove() {
        Map<String, Object> full = map(call(HttpMethod.GET, "/api/v1/headroom", null, null));
        assertThat(full).containsEntry("n_plus_1", true).containsEntry("failures_not_survived", List.of());

        post("/api/v1/rules", "{\"rule\":\"vm101-only-node3\",\"type\":\"node-affinity\",\"resources\":\"vm:101\","
                + "\"nodes\":\"node3\",\"strict\":true}");
        long audit = auditRows();
        ResponseEntity<String> r = call(HttpMethod.GET, "/api/v1/headroom", null, null);
        assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
        Map<String, Object> headroom = map(r);

        assertThat(headroom).containsEntry("n_plus_1", false).containsEntry("failures_not_survived", List.of("node3"));
        Map<String, Map<String, Map<String, Object>>> nodes =
                (Map<String, Map<String, Map<String, Object>>>) headroom.get("nodes");
        assertThat(nodes).containsOnlyKeys("node1", "node2", "node3");
        assertThat(nodes.get("node3").get("fail")).containsEntry("not_recovered", List.of("vm:101"))
                .containsEntry("moves", 1);
        assertThat(nodes.get("node3").get("maintenance")).containsEntry("not_moved", List.of("vm:101"));
        // the OpenAPI description documents every key of the answer, per node too
        Map<String, Object> api = JSON.readValue(http.getForObject("/v3/api-docs", String.class), Map.class);
        assertThat(OpenApiContractTest.documentedAnswer(api, "GET", "/api/v1/headroom", 200, headroom, "headroom"))
                .contains("headroom", "headroom.nodes{}", "headroom.nodes{}.fail", "headroom.nodes{}.maintenance");
        assertThat(nodes.get("node1").get("fail")).containsEntry("not_recovered", List.of());
        // two nodes left, three guests of one size: two on one node, one on the other (basic mode counts guests)
        assertThat(nodes.get("node1").get("fail")).containsKey("imbalance_after");
        assertThat(nodes.get("node1").get("maintenance")).containsEntry("not_moved", List.of())
                .containsEntry("moves", 1);
        assertThat(auditRows()).as("questions, not actions").isEqualTo(audit);
        // as heavy as what-if: an operator's call
        org.springframework.http.HttpHeaders viewer = new org.springframework.http.HttpHeaders();
        viewer.setBearerAuth(io.ballast.testdb.TestAuth.tokenFor(jdbc, "vera", io.ballast.security.Role.VIEWER));
        assertThat(http.exchange("/api/v1/headroom", HttpMethod.GET, new org.springframework.http.HttpEntity<>(viewer),
                String.class).getStatusCode().value()).isEqualTo(403);
    }

    @Test
    @SuppressWarnings("unchecked")
    void headroomGivesTheImbalanceTheRebalancerWouldCompareAfterEachFailure() {
        assertThat(call(HttpMethod.PUT, "/api/v1/crs", "{\"ha\":\"static\"}", null).getStatusCode().value())
                .isEqualTo(200);
        Map<String, Map<String, Map<String, Object>>> nodes = (Map<String, Map<String, Map<String, Object>>>)
                map(call(HttpMethod.GET, "/api/v1/headroom", null, null)).get("nodes");
        double afterNode1 = ((Number) nodes.get("node1").get("fail").get("imbalance_after")).doubleValue();
        double afterNode2 = ((Number) nodes.get("node2").get("fail").get("imbalance_after")).doubleValue();
        // either way two equal nodes are left, one with vm:102 and one with vm:100 and vm:101: the same imbalance
        assertThat(afterNode1).isPositive().isEqualTo(afterNode2);
    }

    @Test
    @SuppressWarnings("unchecked")
    void maintenanceEvacuatesTheNode() {
        Map<String, Object> answer = map(post("/api/v1/what-if", "{\"maintenance\": [\"node1\"]}"));
        assertThat((List<Map<String, Object>>) answer.get("moves")).singleElement()
                .satisfies(m -> assertThat(m).containsEntry("sid", "vm:102").containsEntry("from", "node1"));
    }

    @Test
    void badQuestionsNameTheField() {
        assertProblem(post("/api/v1/what-if", "{\"fail\": [\"node9\"]}"), 400, "fail", "no such node 'node9'");
        assertProblem(post("/api/v1/what-if", "{\"explode\": [\"node1\"]}"), 400, "explode", "unknown event");
        assertProblem(post("/api/v1/what-if", "{\"fail\": 3}"), 400, "fail", "node name");
        assertProblem(post("/api/v1/what-if", "{}"), 400, "fail", "at least one node");
    }
}
