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

/** API round trips of resources, CRS, nodes and arm/disarm against real PostgreSQL (see {@link ApiTestBase}). */
class ConfigApiTest extends ApiTestBase {

    @BeforeEach
    void emptyConfig() {
        emptyConfiguration();
    }

    @Test
    void resourceRoundTripWithDefaultsAndAudit() {
        ResponseEntity<String> created = call(HttpMethod.POST, "/api/v1/resources", "{\"sid\":\"101\",\"comment\":\"db\"}", "alice");
        assertThat(created.getStatusCode().value()).isEqualTo(201);
        Map<String, Object> body = map(created);
        assertThat(body).containsEntry("sid", "vm:101").containsEntry("state", "started").containsEntry("max_restart", 1)
                .containsEntry("max_relocate", 1).containsEntry("failback", true).containsEntry("rebalance", true);

        call(HttpMethod.POST, "/api/v1/resources", "{\"sid\":\"102\",\"type\":\"ct\"}", null);
        List<?> list = JSON.readValue(call(HttpMethod.GET, "/api/v1/resources", null, null).getBody(), List.class);
        assertThat(list).extracting(o -> (Object) ((Map<?, ?>) o).get("sid")).containsExactly("ct:102", "vm:101");

        ResponseEntity<String> updated = call(HttpMethod.PUT, "/api/v1/resources/vm:101",
                "{\"state\":\"disabled\",\"delete\":[\"comment\"],\"digest\":\"" + body.get("digest") + "\"}", "bob");
        assertThat(updated.getStatusCode().value()).isEqualTo(200);
        assertThat(map(updated)).containsEntry("state", "disabled").containsEntry("comment", null);
        assertThat(map(call(HttpMethod.GET, "/api/v1/resources/vm:101", null, null))).containsEntry("state", "disabled");

        assertThat(call(HttpMethod.DELETE, "/api/v1/resources/vm:101", null, "carol").getStatusCode().value()).isEqualTo(204);
        assertThat(call(HttpMethod.GET, "/api/v1/resources/vm:101", null, null).getStatusCode().value()).isEqualTo(404);

        List<Map<String, Object>> audit = jdbc.queryForList(
                "SELECT actor, operation, before->>'state' AS before_state, after->>'state' AS after_state"
                        + " FROM audit_event WHERE entity_type = 'resource' AND entity_id = 'vm:101' ORDER BY id");
        assertThat(audit).extracting(r -> r.get("actor") + "/" + r.get("operation") + "/" + r.get("before_state") + "->" + r.get("after_state"))
                .containsExactly("alice/create/null->started", "bob/update/started->disabled", "carol/delete/disabled->null");
        assertThat(jdbc.queryForObject("SELECT actor FROM audit_event WHERE entity_id = 'ct:102'", String.class)).isEqualTo(io.ballast.testdb.TestAuth.ADMIN_NAME);
    }

    @Test
    void documentedAuditQueriesRun() {
        call(HttpMethod.POST, "/api/v1/resources", "{\"sid\":\"vm:101\"}", "alice");
        call(HttpMethod.PUT, "/api/v1/resources/vm:101", "{\"state\":\"stopped\"}", "bob");
        // "every change to vm:101 in the last day" (docs/audit.md)
        List<Map<String, Object>> changes = jdbc.queryForList("SELECT at, actor, operation, before, after FROM audit_event"
                + " WHERE entity_type = 'resource' AND entity_id = 'vm:101' AND at > now() - interval '1 day' ORDER BY at, id");
        assertThat(changes).extracting(r -> r.get("operation")).containsExactly("create", "update");
        // "who changed the state of a resource, from what to what" (docs/audit.md)
        List<Map<String, Object>> stateChanges = jdbc.queryForList("SELECT at, actor, entity_id, before->>'state' AS old_state,"
                + " after->>'state' AS new_state FROM audit_event WHERE entity_type = 'resource' AND operation = 'update'"
                + " AND before->>'state' IS DISTINCT FROM after->>'state' ORDER BY at DESC");
        assertThat(stateChanges).singleElement().satisfies(r -> {
            assertThat(r.get("actor")).isEqualTo("bob");
            assertThat(r.get("new_state")).isEqualTo("stopped");
        });
    }

    @Test
    void invalidResourceFieldsAreNamedInProblemJsonAndNotAudited() {
        assertProblem(call(HttpMethod.POST, "/api/v1/resources", "{\"sid\":\"vm:007\"}", null), 400, "sid");
        assertProblem(call(HttpMethod.POST, "/api/v1/resources", "{\"sid\":\"foo:100\"}", null), 400, "sid");
        assertProblem(call(HttpMethod.POST, "/api/v1/resources", "{\"sid\":\"vm:100\",\"state\":\"running\"}", null), 400, "state");
        assertProblem(call(HttpMethod.POST, "/api/v1/resources", "{\"sid\":\"vm:100\",\"max_restart\":-1}", null), 400, "max_restart");
        assertProblem(call(HttpMethod.POST, "/api/v1/resources",
                "{\"sid\":\"vm:100\",\"comment\":\"" + "x".repeat(4097) + "\"}", null), 400, "comment");
        assertProblem(call(HttpMethod.POST, "/api/v1/resources", "{\"sid\":\"vm:100\",\"colour\":\"red\"}", null), 400, "colour");
        assertProblem(call(HttpMethod.POST, "/api/v1/resources", "{\"sid\":", null), 400, "body");
        assertProblem(call(HttpMethod.GET, "/api/v1/resources/vm:999", null, null), 404, null);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event", Integer.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ha_resource", Integer.class)).isZero();

        assertThat(call(HttpMethod.POST, "/api/v1/resources", "{\"sid\":\"vm:100\"}", null).getStatusCode().value()).isEqualTo(201);
        assertProblem(call(HttpMethod.POST, "/api/v1/resources", "{\"sid\":\"100\"}", null), 409, "sid");
        assertProblem(call(HttpMethod.POST, "/api/v1/resources", "{\"sid\":\"ct:100\"}", null), 409, "sid");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event", Integer.class)).isEqualTo(1);
    }

    @Test
    void staleDigestOrIfMatchIsConflictAndChangesNothing() {
        String digest = (String) map(call(HttpMethod.POST, "/api/v1/resources", "{\"sid\":\"vm:100\"}", null)).get("digest");
        assertThat(call(HttpMethod.PUT, "/api/v1/resources/vm:100", "{\"comment\":\"first\",\"digest\":\"" + digest + "\"}", null)
                .getStatusCode().value()).isEqualTo(200);
        assertProblem(call(HttpMethod.PUT, "/api/v1/resources/vm:100", "{\"comment\":\"second\",\"digest\":\"" + digest + "\"}", null),
                409, "digest");
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setIfMatch("\"" + digest + "\"");
        ResponseEntity<String> viaHeader = http.exchange("/api/v1/resources/vm:100", HttpMethod.PUT,
                new HttpEntity<>("{\"comment\":\"third\"}", headers), String.class);
        assertProblem(viaHeader, 409, "digest");
        assertThat(map(call(HttpMethod.GET, "/api/v1/resources/vm:100", null, null))).containsEntry("comment", "first");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE operation = 'update'", Integer.class)).isEqualTo(1);
    }

    @Test
    void crsSettingsAndStatus() {
        Map<String, Object> crs = map(call(HttpMethod.GET, "/api/v1/crs", null, null));
        assertThat(crs).containsEntry("ha", "basic").containsEntry("ha-auto-rebalance-threshold", 30)
                .containsEntry("ha-auto-rebalance-margin", 10).containsEntry("shutdown_policy", "conditional");
        assertProblem(call(HttpMethod.PUT, "/api/v1/crs", "{\"ha-auto-rebalance-threshold\":101}", null), 400, "ha-auto-rebalance-threshold");
        assertProblem(call(HttpMethod.PUT, "/api/v1/crs", "{\"ha\":\"fancy\"}", null), 400, "ha");
        assertThat(map(call(HttpMethod.PUT, "/api/v1/crs", "{\"ha\":\"static\",\"ha-auto-rebalance-threshold\":50}", "ops")))
                .containsEntry("ha", "static").containsEntry("ha-auto-rebalance-threshold", 50);
        assertThat(jdbc.queryForObject("SELECT after->>'ha' FROM audit_event WHERE entity_type = 'crs'", String.class)).isEqualTo("static");

        call(HttpMethod.POST, "/api/v1/resources", "{\"sid\":\"vm:100\",\"state\":\"stopped\"}", null);
        Map<String, Object> status = map(call(HttpMethod.GET, "/api/v1/status", null, null));
        assertThat((List<?>) status.get("nodes")).extracting(n -> (Object) ((Map<?, ?>) n).get("node")).containsExactly("node1", "node2", "node3");
        assertThat((List<?>) status.get("resources")).singleElement()
                .satisfies(r -> assertThat(asMap(r)).containsEntry("requested_state", "stopped").containsEntry("state", "queued"));
        assertThat(asMap(status.get("crs"))).containsEntry("ha", "static");
        assertThat(status).as("the imbalance is the manager's (manager.usage), not a second, empty field")
                .doesNotContainKey("imbalance");
        assertThat(asMap(status.get("arm"))).containsEntry("armed", true);
    }

    @Test
    void maintenanceAndArmDisarm() {
        assertProblem(call(HttpMethod.POST, "/api/v1/nodes/node9/maintenance", null, null), 404, null);
        assertThat(map(call(HttpMethod.POST, "/api/v1/nodes/node2/maintenance", null, "ops"))).containsEntry("maintenance", true);
        assertThat(map(call(HttpMethod.POST, "/api/v1/nodes/node2/maintenance", null, "ops"))).containsEntry("maintenance", true);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE entity_type = 'node' AND entity_id = 'node2'",
                Integer.class)).as("asked twice, audited once").isEqualTo(1);
        assertThat(JSON.readValue(call(HttpMethod.GET, "/api/v1/nodes", null, null).getBody(), List.class))
                .extracting(n -> (Object) (((Map<?, ?>) n).get("node") + "=" + ((Map<?, ?>) n).get("maintenance")))
                .containsExactly("node1=false", "node2=true", "node3=false");
        assertThat(map(call(HttpMethod.DELETE, "/api/v1/nodes/node2/maintenance", null, null))).containsEntry("maintenance", false);

        assertProblem(call(HttpMethod.POST, "/api/v1/status/arm-ha", null, null), 409, null);
        assertProblem(call(HttpMethod.POST, "/api/v1/status/disarm-ha", "{\"resource-mode\":\"pause\"}", null), 400, "resource-mode");
        assertThat(map(call(HttpMethod.POST, "/api/v1/status/disarm-ha", "{\"resource-mode\":\"ignore\"}", null)))
                .containsEntry("resource-mode", "ignore");
        assertProblem(call(HttpMethod.POST, "/api/v1/status/disarm-ha", "{}", null), 409, null);
        assertProblem(call(HttpMethod.POST, "/api/v1/nodes/node1/maintenance", null, null), 409, "node");
        assertThat(asMap(map(call(HttpMethod.GET, "/api/v1/status", null, null)).get("arm"))).containsEntry("armed", false);
        assertThat(call(HttpMethod.POST, "/api/v1/status/arm-ha", null, null).getStatusCode().value()).isEqualTo(200);
        assertThat(jdbc.queryForList("SELECT entity_type || ':' || operation FROM audit_event ORDER BY id", String.class))
                .containsExactly("node:maintenance-enable", "node:maintenance-disable", "arm:disarm", "arm:arm");
    }

    @Test
    void openApiDescribesTheResourceApi() {
        ResponseEntity<String> docs = call(HttpMethod.GET, "/v3/api-docs", null, null);
        assertThat(docs.getStatusCode().value()).isEqualTo(200);
        assertThat(docs.getBody()).contains("/api/v1/resources/{sid}", "/api/v1/crs");
    }
}
