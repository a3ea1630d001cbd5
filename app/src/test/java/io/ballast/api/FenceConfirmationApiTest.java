package io.ballast.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/** An operator confirms a failed node powered off (a fencing proof), only while the manager fences it. */
class FenceConfirmationApiTest extends ApiTestBase {

    @BeforeEach
    void clean() {
        emptyConfiguration();
    }

    @Test
    void onlyAFailedNodeCanBeConfirmedOffAndTheConfirmationIsAuditedAndWithdrawn() {
        jdbc.update("INSERT INTO node_status (node, state) VALUES ('node1', 'online'), ('node2', 'fence')");

        ResponseEntity<String> online = call(HttpMethod.POST, "/api/v1/nodes/node1/fenced", null, "alice");
        assertProblem(online, 409, "node");
        assertThat(map(online).get("type")).isEqualTo("/problems/node-not-failed");
        assertThat(map(online).get("detail")).asString().contains("node 'node1' is online");
        assertThat(call(HttpMethod.POST, "/api/v1/nodes/nodeX/fenced", null, "alice").getStatusCode().value())
                .isEqualTo(404);

        ResponseEntity<String> confirmed = call(HttpMethod.POST, "/api/v1/nodes/node2/fenced", null, "alice");
        assertThat(confirmed.getStatusCode().value()).as(confirmed.getBody()).isEqualTo(200);
        assertThat(map(confirmed)).containsEntry("off_confirmed", true).containsEntry("state", "fence");
        List<Map<String, Object>> nodes = list(call(HttpMethod.GET, "/api/v1/nodes", null, null));
        assertThat(nodes).filteredOn(n -> n.get("node").equals("node2")).singleElement()
                .satisfies(n -> assertThat(n.get("off_confirmed")).isEqualTo(true));
        assertThat(nodes).filteredOn(n -> n.get("node").equals("node1")).singleElement()
                .satisfies(n -> assertThat(n.get("off_confirmed")).isEqualTo(false));

        assertThat(call(HttpMethod.DELETE, "/api/v1/nodes/node2/fenced", null, "bob").getStatusCode().value())
                .isEqualTo(200);
        assertThat(jdbc.queryForList("SELECT actor || '/' || operation FROM audit_event WHERE entity_type = 'node'"
                + " AND entity_id = 'node2' ORDER BY id", String.class))
                .containsExactly("alice/confirm-off", "bob/withdraw-off-confirmation");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM node_request WHERE off_confirmed_at IS NOT NULL",
                Integer.class)).isZero();
    }
}
