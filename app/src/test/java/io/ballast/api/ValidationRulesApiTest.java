package io.ballast.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Each validation rule of the configuration API, one test each: status, problem+json field and reason, and that a
 * refused request leaves neither a change nor an audit row behind.
 */
class ValidationRulesApiTest extends ApiTestBase {

    @BeforeEach
    void twoResources() {
        emptyConfiguration();
        assertThat(status(post("/api/v1/resources", "{\"sid\":\"vm:101\"}"))).isEqualTo(201);
        assertThat(status(post("/api/v1/resources", "{\"sid\":\"vm:102\"}"))).isEqualTo(201);
    }

    @Test
    void malformedSid() {
        long audit = auditRows();
        assertProblem(post("/api/v1/resources", "{\"sid\":\"vm:007\"}"), 400, "sid", "must be vm:<VMID> or ct:<VMID>");
        assertProblem(post("/api/v1/resources", "{\"sid\":\"qemu:100\"}"), 400, "sid", "got 'qemu:100'");
        assertProblem(post("/api/v1/resources", "{\"sid\":\"vm:99\"}"), 400, "sid", "VMID 100-999999999");
        assertProblem(call(HttpMethod.GET, "/api/v1/resources/vm:01", null, null), 400, "sid", "no leading zero");
        assertThat(auditRows()).isEqualTo(audit);
        assertThat(list(call(HttpMethod.GET, "/api/v1/resources", null, null))).hasSize(2);
    }

    @Test
    void unknownNode() {
        long audit = auditRows();
        assertProblem(post("/api/v1/rules", "{\"rule\":\"r1\",\"type\":\"node-affinity\",\"resources\":\"vm:101\","
                + "\"nodes\":\"node1,node9\"}"), 400, "nodes", "node 'node9' is not a cluster node");
        assertProblem(post("/api/v1/resources/vm:101/migrate", "{\"node\":\"node9\"}"), 400, "node",
                "node 'node9' is not a cluster node");
        assertProblem(call(HttpMethod.POST, "/api/v1/nodes/node9/maintenance", null, null), 404, null);
        assertThat(auditRows()).isEqualTo(audit);
        assertThat(list(call(HttpMethod.GET, "/api/v1/rules", null, null))).isEmpty();
    }

    @Test
    void negativePriority() {
        assertProblem(post("/api/v1/rules", "{\"rule\":\"r1\",\"type\":\"node-affinity\",\"resources\":\"vm:101\","
                + "\"nodes\":\"node1:-1,node2\"}"), 400, "nodes", "priority of node 'node1' must be an integer >= 0, got -1");
        assertProblem(post("/api/v1/rules", "{\"rule\":\"r1\",\"type\":\"node-affinity\",\"resources\":\"vm:101\","
                + "\"nodes\":{\"node1\":-5}}"), 400, "nodes", "must be an integer >= 0, got -5");
        assertThat(list(call(HttpMethod.GET, "/api/v1/rules", null, null))).isEmpty();
        assertThat(auditRows()).isEqualTo(2);   // the two resources only
    }

    @Test
    void thresholdOutOfRange() {
        assertProblem(call(HttpMethod.PUT, "/api/v1/crs", "{\"ha-auto-rebalance-threshold\":101}", null), 400,
                "ha-auto-rebalance-threshold", "must be an integer in [0, 100], got 101");
        assertProblem(call(HttpMethod.PUT, "/api/v1/crs", "{\"ha-auto-rebalance-threshold\":-1}", null), 400,
                "ha-auto-rebalance-threshold", "got -1");
        assertProblem(call(HttpMethod.PUT, "/api/v1/crs", "{\"ha-auto-rebalance-margin\":200}", null), 400,
                "ha-auto-rebalance-margin", "[0, 100]");
        // one bad key refuses the whole body: the good key is not applied either
        assertProblem(call(HttpMethod.PUT, "/api/v1/crs", "{\"ha\":\"static\",\"max_workers\":0}", null), 400,
                "max_workers", "must be an integer in [1, ∞]");
        assertThat(map(call(HttpMethod.GET, "/api/v1/crs", null, null)))
                .containsEntry("ha", "basic").containsEntry("ha-auto-rebalance-threshold", 30);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE entity_type = 'crs'", Long.class)).isZero();
    }

    @Test
    void unknownEnumValue() {
        assertProblem(post("/api/v1/resources", "{\"sid\":\"vm:103\",\"state\":\"running\"}"), 400, "state",
                "must be one of started, stopped, ignored, disabled");
        assertProblem(call(HttpMethod.PUT, "/api/v1/crs", "{\"ha\":\"fancy\"}", null), 400, "ha",
                "must be one of [basic, dynamic, static], got 'fancy'");
        assertProblem(call(HttpMethod.PUT, "/api/v1/crs", "{\"shutdown_policy\":\"panic\"}", null), 400,
                "shutdown_policy", "got 'panic'");
        assertProblem(post("/api/v1/rules", "{\"rule\":\"r1\",\"type\":\"resource-affinity\",\"resources\":\"vm:101,vm:102\","
                + "\"affinity\":\"apart\"}"), 400, "affinity", "must be positive or negative, got 'apart'");
        assertProblem(post("/api/v1/rules", "{\"rule\":\"r1\",\"type\":\"group\",\"resources\":\"vm:101\"}"), 400, "type",
                "must be node-affinity or resource-affinity, got 'group'");
        assertProblem(post("/api/v1/status/disarm-ha", "{\"resource-mode\":\"pause\"}"), 400, "resource-mode",
                "must be freeze or ignore");
        assertThat(auditRows()).isEqualTo(2);
    }

    @Test
    void duplicateSidAndRuleId() {
        assertProblem(post("/api/v1/resources", "{\"sid\":\"vm:101\"}"), 409, "sid", "VMID 101 already exists");
        // a VMID is one guest: ct:101 clashes with vm:101
        assertProblem(post("/api/v1/resources", "{\"sid\":\"ct:101\"}"), 409, "sid", "VMID 101 already exists");
        assertThat(status(post("/api/v1/rules", "{\"rule\":\"r1\",\"type\":\"node-affinity\",\"resources\":\"vm:101\","
                + "\"nodes\":\"node1\"}"))).isEqualTo(201);
        assertProblem(post("/api/v1/rules", "{\"rule\":\"r1\",\"type\":\"node-affinity\",\"resources\":\"vm:102\","
                + "\"nodes\":\"node2\"}"), 409, "rule", "rule 'r1' already exists");
        assertThat(jdbc.queryForList("SELECT entity_id FROM audit_event ORDER BY id", String.class))
                .containsExactly("vm:101", "vm:102", "r1");
    }

    @Test
    void ruleReferencingAnUnknownResource() {
        assertProblem(post("/api/v1/rules", "{\"rule\":\"r1\",\"type\":\"resource-affinity\",\"resources\":\"vm:101,vm:999\","
                + "\"affinity\":\"positive\"}"), 400, "resources", "resource 'vm:999' is not a configured HA resource");
        assertThat(status(post("/api/v1/rules", "{\"rule\":\"r1\",\"type\":\"node-affinity\",\"resources\":\"vm:101\","
                + "\"nodes\":\"node1\"}"))).isEqualTo(201);
        assertProblem(call(HttpMethod.PUT, "/api/v1/rules/r1", "{\"resources\":\"vm:101,vm:555\"}", null), 400, "resources",
                "resource 'vm:555' is not a configured HA resource");
        assertThat(map(call(HttpMethod.GET, "/api/v1/rules/r1", null, null)).get("resources")).asString().doesNotContain("vm:555");
    }

    @Test
    void leavingErrorOtherThanToDisabledIsRefused() {
        jdbc.update("INSERT INTO service_status (sid, state, node) VALUES ('vm:101', 'error', 'node1')");
        long audit = auditRows();
        String reason = "the only allowed change is state=disabled";
        assertProblem(call(HttpMethod.PUT, "/api/v1/resources/vm:101", "{\"state\":\"started\"}", null), 409, "state", reason);
        assertProblem(call(HttpMethod.PUT, "/api/v1/resources/vm:101", "{\"state\":\"stopped\"}", null), 409, "state", reason);
        assertProblem(call(HttpMethod.PUT, "/api/v1/resources/vm:101", "{\"delete\":\"comment\"}", null), 409, "state", reason);
        assertThat(auditRows()).isEqualTo(audit);
        ResponseEntity<String> disabled = call(HttpMethod.PUT, "/api/v1/resources/vm:101", "{\"state\":\"disabled\"}", "ops");
        assertThat(status(disabled)).isEqualTo(200);
        assertThat(jdbc.queryForMap("SELECT actor, before->>'state' AS b, after->>'state' AS a FROM audit_event"
                + " WHERE entity_id = 'vm:101' AND operation = 'update'"))
                .containsEntry("actor", "ops").containsEntry("b", "started").containsEntry("a", "disabled");
    }

    @Test
    void staleDigestIsAConflictForResourcesAndRules() {
        String resourceDigest = (String) map(call(HttpMethod.GET, "/api/v1/resources/vm:101", null, null)).get("digest");
        assertThat(status(call(HttpMethod.PUT, "/api/v1/resources/vm:101", "{\"comment\":\"a\",\"digest\":\""
                + resourceDigest + "\"}", null))).isEqualTo(200);
        assertProblem(call(HttpMethod.PUT, "/api/v1/resources/vm:101", "{\"comment\":\"b\",\"digest\":\""
                + resourceDigest + "\"}", null), 409, "digest", "digest mismatch");

        ResponseEntity<String> rule = post("/api/v1/rules", "{\"rule\":\"r1\",\"type\":\"node-affinity\",\"resources\":\"vm:101\","
                + "\"nodes\":\"node1\"}");
        String ruleEtag = rule.getHeaders().getETag();
        assertThat(ruleEtag).isNotNull();
        assertThat(status(call(HttpMethod.PUT, "/api/v1/rules/r1", "{\"comment\":\"x\"}", null))).isEqualTo(200);
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setIfMatch(ruleEtag);
        assertProblem(http.exchange("/api/v1/rules/r1", HttpMethod.PUT, new HttpEntity<>("{\"comment\":\"y\"}", headers),
                String.class), 409, "digest", "digest mismatch");

        assertThat(map(call(HttpMethod.GET, "/api/v1/resources/vm:101", null, null))).containsEntry("comment", "a");
        assertThat(map(call(HttpMethod.GET, "/api/v1/rules/r1", null, null))).containsEntry("comment", "x");
        List<Map<String, Object>> updates = jdbc.queryForList("SELECT entity_id, after->>'comment' AS c FROM audit_event"
                + " WHERE operation = 'update' ORDER BY id");
        assertThat(updates).extracting(r -> r.get("entity_id") + "=" + r.get("c")).containsExactly("vm:101=a", "r1=x");
    }
}
