package io.ballast.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The service starts on a fresh embedded PostgreSQL, Flyway builds the schema, and status answers. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ballast.db.embedded.data-dir=", "ballast.cluster.nodes=node2,node1,node3"})
@AutoConfigureTestRestTemplate
class StatusApiTest {

    @Autowired
    TestRestTemplate http;

    @Autowired
    JdbcClient jdbc;

    @Test
    void migrationsCreateTheSchemaFromAnEmptyDatabase() {
        List<String> versions = jdbc.sql("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank")
                .query(String.class).list();
        assertThat(versions).startsWith("1");
        List<String> tables = jdbc.sql("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")
                .query(String.class).list();
        assertThat(tables).contains("ha_resource", "ha_rule", "crs_settings", "service_status", "audit_event");
    }

    @Test
    @SuppressWarnings("unchecked")
    void statusListsTheConfiguredNodesSortedAndTheDefaultCrsMode() {
        ResponseEntity<Map> response = http.getForEntity("/api/v1/status", Map.class);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        List<Map<String, Object>> nodes = (List<Map<String, Object>>) response.getBody().get("nodes");
        assertThat(nodes).extracting(n -> n.get("node")).containsExactly("node1", "node2", "node3");
        Map<String, Object> crs = (Map<String, Object>) response.getBody().get("crs");
        assertThat(crs.get("ha")).isEqualTo("basic");
        assertThat(((Map<String, Object>) response.getBody().get("arm")).get("armed")).isEqualTo(true);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aResourceNotYetSeenByTheManagerShowsAsQueued() {
        jdbc.sql("INSERT INTO ha_resource (sid, type, vmid) VALUES ('vm:4711', 'vm', 4711) ON CONFLICT DO NOTHING").update();

        Map<String, Object> body = http.getForObject("/api/v1/status", Map.class);

        List<Map<String, Object>> resources = (List<Map<String, Object>>) body.get("resources");
        assertThat(resources).anySatisfy(r -> {
            assertThat(r.get("sid")).isEqualTo("vm:4711");
            assertThat(r.get("requested_state")).isEqualTo("started");
            assertThat(r.get("state")).isEqualTo("queued");
        });
    }
}
