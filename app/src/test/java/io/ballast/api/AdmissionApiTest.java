package io.ballast.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/** CRS setting {@code admission}: a write that breaks N+1 is refused (strict) or warned about (warn). */
class AdmissionApiTest extends ApiTestBase {

    private static final String PIN_TO_NODE3 = "{\"rule\":\"vm101-only-node3\",\"type\":\"node-affinity\","
            + "\"resources\":\"vm:101\",\"nodes\":\"node3\",\"strict\":true}";

    @BeforeEach
    void cluster() {
        emptyConfiguration();
        post("/api/v1/resources", "{\"sid\":\"vm:100\",\"state\":\"started\"}");
        post("/api/v1/resources", "{\"sid\":\"vm:101\",\"state\":\"started\"}");
        jdbc.update("INSERT INTO service_status (sid, state, node, uid, running) VALUES"
                + " ('vm:100', 'started', 'node1', 'u1', true), ('vm:101', 'started', 'node3', 'u2', true)");
        jdbc.update("INSERT INTO node_status (node, state) VALUES ('node1', 'online'), ('node2', 'online'),"
                + " ('node3', 'online')");
    }

    @AfterEach
    void off() {
        jdbc.update("UPDATE crs_settings SET admission = 'off'");
    }

    private void admission(String level) {
        assertThat(status(call(HttpMethod.PUT, "/api/v1/crs", "{\"admission\":\"" + level + "\"}", null))).isEqualTo(200);
    }

    @Test
    void strictRefusesARuleThatLeavesAResourceWithNowhereToGoAndKeepsNothingOfIt() {
        admission("strict");
        long audit = auditRows();

        ResponseEntity<String> r = post("/api/v1/rules", PIN_TO_NODE3);

        assertProblem(r, 409, "node3", "its failure would leave vm:101 down (no other node is allowed or has room)");
        assertThat(map(r)).containsEntry("type", "/problems/admission");
        assertThat((String) map(r).get("detail")).contains("the failure of node3 would leave vm:101 down");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ha_rule", Long.class)).isZero();
        assertThat(auditRows()).as("nothing of the refused write is kept").isEqualTo(audit);
    }

    @Test
    @SuppressWarnings("unchecked")
    void warnAcceptsTheWriteAndSaysWhatItBreaks() {
        admission("warn");

        ResponseEntity<String> r = post("/api/v1/rules", PIN_TO_NODE3);

        assertThat(status(r)).as(r.getBody()).isEqualTo(201);
        Map<String, String> warnings = (Map<String, String>) map(r).get("warnings");
        assertThat(warnings.get("admission")).isEqualTo("this change breaks N+1: the failure of node3 would leave vm:101 down");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ha_rule", Long.class)).isOne();
    }

    @Test
    @SuppressWarnings("unchecked")
    void onlyWhatTheWriteBreaksCountsNotWhatWasBrokenBefore() {
        post("/api/v1/rules", PIN_TO_NODE3);   // admission off: accepted, N+1 already broken for node3
        admission("strict");

        // a new resource that can run anywhere breaks nothing more
        ResponseEntity<String> free = post("/api/v1/resources", "{\"sid\":\"vm:102\",\"state\":\"started\"}");
        assertThat(status(free)).as(free.getBody()).isEqualTo(201);
        assertThat(map(free)).doesNotContainKey("warnings");

        // pinning vm:100 to node1 breaks node1's failure as well
        admission("warn");
        ResponseEntity<String> pin = post("/api/v1/rules", "{\"rule\":\"vm100-only-node1\",\"type\":\"node-affinity\","
                + "\"resources\":\"vm:100\",\"nodes\":\"node1\",\"strict\":true}");
        assertThat(status(pin)).as(pin.getBody()).isEqualTo(201);
        assertThat(((Map<String, String>) map(pin).get("warnings")).get("admission"))
                .isEqualTo("this change breaks N+1: the failure of node1 would leave vm:100 down");
    }

    @Test
    void aResourceUpdateAndAnImportAreCheckedToo() {
        post("/api/v1/resources", "{\"sid\":\"vm:103\",\"state\":\"stopped\"}");
        jdbc.update("INSERT INTO service_status (sid, state, node, uid, running) VALUES ('vm:103', 'stopped', 'node2', 'u3', false)");
        post("/api/v1/rules", "{\"rule\":\"vm103-only-node2\",\"type\":\"node-affinity\",\"resources\":\"vm:103\","
                + "\"nodes\":\"node2\",\"strict\":true}");
        admission("strict");

        // starting the pinned, stopped vm:103 makes node2's failure leave it down
        ResponseEntity<String> start = call(HttpMethod.PUT, "/api/v1/resources/vm:103", "{\"state\":\"started\"}", null);
        assertProblem(start, 409, "node2");
        assertThat(jdbc.queryForObject("SELECT state FROM ha_resource WHERE sid = 'vm:103'", String.class)).isEqualTo("stopped");

        ResponseEntity<String> dry = post("/api/v1/import", "{\"rules_cfg\": \"node-affinity: vm100-node1\\n\\tresources vm:100\\n"
                + "\\tnodes node1\\n\\tstrict 1\\n\", \"dry_run\": true}");
        assertProblem(dry, 409, "node1");
        admission("warn");
        ResponseEntity<String> warned = post("/api/v1/import", "{\"rules_cfg\": \"node-affinity: vm100-node1\\n\\tresources vm:100\\n"
                + "\\tnodes node1\\n\\tstrict 1\\n\", \"dry_run\": true}");
        assertThat(status(warned)).as(warned.getBody()).isEqualTo(200);
        assertThat(map(warned)).containsEntry("warnings",
                List.of("this change breaks N+1: the failure of node1 would leave vm:100 down"));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ha_rule WHERE id = 'vm100-node1'", Long.class))
                .as("a dry run keeps nothing").isZero();
    }

    @Test
    void theSettingIsValidated() {
        assertProblem(call(HttpMethod.PUT, "/api/v1/crs", "{\"admission\":\"maybe\"}", null), 400, "admission");
        assertThat(map(call(HttpMethod.GET, "/api/v1/crs", null, null))).containsEntry("admission", "off");
    }
}
