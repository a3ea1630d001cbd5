package io.ballast.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/** Service commands queued in crm_command, and the error-state update rule (spec §2.5). */
class CommandApiTest extends ApiTestBase {

    @BeforeEach
    void resources() {
        emptyConfiguration();
        post("/api/v1/resources", "{\"sid\":\"vm:101\"}");
        post("/api/v1/resources", "{\"sid\":\"vm:102\",\"state\":\"ignored\"}");
    }

    @Test
    void migrateRelocateAndStopAreQueuedAndAudited() {
        ResponseEntity<String> migrate = call(HttpMethod.POST, "/api/v1/resources/vm:101/migrate", "{\"node\":\"node2\"}", "ops");
        assertThat(status(migrate)).as(migrate.getBody()).isEqualTo(202);
        assertThat(status(post("/api/v1/resources/101/relocate", "{\"node\":\"node3\"}"))).isEqualTo(202);
        assertThat(status(post("/api/v1/resources/vm:101/stop", "{\"timeout\":0}"))).isEqualTo(202);

        List<Map<String, Object>> pending = list(call(HttpMethod.GET, "/api/v1/commands", null, null));
        assertThat(pending).extracting(c -> c.get("command") + " " + c.get("sid") + " " + c.get("node") + " " + c.get("timeout"))
                .containsExactly("migrate vm:101 node2 null", "relocate vm:101 node3 null", "stop vm:101 null 0");
        assertThat(pending.get(0)).containsEntry("actor", "ops");
        assertThat(jdbc.queryForList("SELECT operation FROM audit_event WHERE entity_type = 'command' ORDER BY id", String.class))
                .containsExactly("migrate", "relocate", "stop");
    }

    @Test
    void badCommandsAreRefusedAndNothingIsQueued() {
        assertProblem(post("/api/v1/resources/vm:101/migrate", "{\"node\":\"node9\"}"), 400, "node");
        assertProblem(post("/api/v1/resources/vm:101/migrate", "{}"), 400, "node");
        assertProblem(post("/api/v1/resources/vm:101/stop", "{\"timeout\":-1}"), 400, "timeout");
        assertProblem(post("/api/v1/resources/vm:999/migrate", "{\"node\":\"node2\"}"), 404, null);
        assertProblem(post("/api/v1/resources/vm:102/migrate", "{\"node\":\"node2\"}"), 409, "sid");
        jdbc.update("INSERT INTO node_status (node, state) VALUES ('node3', 'fence')");
        assertProblem(post("/api/v1/resources/vm:101/migrate", "{\"node\":\"node3\"}"), 409, "node");
        jdbc.update("INSERT INTO service_status (sid, state, node) VALUES ('vm:101', 'error', 'node1')");
        assertProblem(post("/api/v1/resources/vm:101/relocate", "{\"node\":\"node2\"}"), 409, "sid");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM crm_command", Integer.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE entity_type = 'command'", Integer.class)).isZero();
    }

    @Test
    void aResourceInErrorOnlyAcceptsStateDisabled() {
        jdbc.update("INSERT INTO service_status (sid, state, node) VALUES ('vm:101', 'error', 'node1')");
        assertProblem(call(HttpMethod.PUT, "/api/v1/resources/vm:101", "{\"state\":\"started\"}", null), 409, "state");
        assertProblem(call(HttpMethod.PUT, "/api/v1/resources/vm:101", "{\"comment\":\"x\"}", null), 409, "state");
        assertProblem(call(HttpMethod.PUT, "/api/v1/resources/vm:101", "{\"state\":\"disabled\",\"max_restart\":3}", null), 409, "state");
        assertThat(map(call(HttpMethod.GET, "/api/v1/resources/vm:101", null, null))).containsEntry("state", "started");
        assertThat(status(call(HttpMethod.PUT, "/api/v1/resources/vm:101", "{\"state\":\"disabled\"}", null))).isEqualTo(200);
    }

    @Test
    void migrationsTheRulesForbidAreRefusedBeforeQueueing() {
        post("/api/v1/resources", "{\"sid\":\"vm:103\"}");
        post("/api/v1/resources", "{\"sid\":\"vm:104\"}");
        post("/api/v1/resources", "{\"sid\":\"vm:105\"}");
        assertThat(status(post("/api/v1/rules", "{\"rule\":\"pin-101\",\"type\":\"node-affinity\",\"resources\":\"vm:101\","
                + "\"nodes\":\"node1,node2\",\"strict\":true}"))).isEqualTo(201);
        assertThat(status(post("/api/v1/rules", "{\"rule\":\"apart\",\"type\":\"resource-affinity\",\"resources\":\"vm:103,vm:104\","
                + "\"affinity\":\"negative\"}"))).isEqualTo(201);
        ResponseEntity<String> prefer = post("/api/v1/rules", "{\"rule\":\"prefer-1\",\"type\":\"node-affinity\","
                + "\"resources\":\"vm:105\",\"nodes\":\"node1:2,node3:1\"}");
        assertThat(status(prefer)).as(prefer.getBody()).isEqualTo(201);
        jdbc.update("INSERT INTO service_status (sid, state, node) VALUES ('vm:103', 'started', 'node2')");

        ResponseEntity<String> strict = post("/api/v1/resources/vm:101/migrate", "{\"node\":\"node3\"}");
        assertProblem(strict, 409, "node");
        assertThat(strict.getBody()).contains("pin-101");
        ResponseEntity<String> apart = post("/api/v1/resources/vm:104/migrate", "{\"node\":\"node2\"}");
        assertProblem(apart, 409, "node");
        assertThat(apart.getBody()).contains("apart").contains("vm:103");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM crm_command", Integer.class)).isZero();

        ResponseEntity<String> soft = post("/api/v1/resources/vm:105/migrate", "{\"node\":\"node3\"}");
        assertThat(status(soft)).as(soft.getBody()).isEqualTo(202);
        assertThat(map(soft).get("warnings").toString()).contains("prefer-1");
        assertThat(status(post("/api/v1/resources/vm:101/migrate", "{\"node\":\"node2\"}"))).isEqualTo(202);
    }
}
