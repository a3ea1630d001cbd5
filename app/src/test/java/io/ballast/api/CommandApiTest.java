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
}
