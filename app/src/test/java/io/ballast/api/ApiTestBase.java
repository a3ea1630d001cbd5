package io.ballast.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.security.Role;
import io.ballast.testdb.TestAuth;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Shared set-up of the API tests (one Spring context for all of them) on a real PostgreSQL chosen by
 * {@link io.ballast.testdb.TestDatabase} (external 127.0.0.1:5432/test in a fresh schema when reachable, else embedded).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureTestRestTemplate
abstract class ApiTestBase {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        // the simulated manager must not consume queued commands or write service status while a test looks
        registry.add("ballast.manager.round-period", () -> "1h");
    }

    @Autowired
    TestRestTemplate http;
    @Autowired
    JdbcTemplate jdbc;

    /** Empties the configuration between tests (rules first: their members reference resources). */
    void emptyConfiguration() {
        jdbc.update("DELETE FROM crm_command");
        jdbc.update("DELETE FROM service_status");
        jdbc.update("DELETE FROM ha_rule");
        jdbc.update("DELETE FROM ha_resource");
        jdbc.update("DELETE FROM audit_event");
        jdbc.update("UPDATE crs_settings SET ha = 'basic', auto_rebalance_threshold = 30 WHERE id = 1");
        jdbc.update("DELETE FROM node_request");
        jdbc.update("DELETE FROM node_status");
        jdbc.update("UPDATE arm_state SET disarmed = false, resource_mode = NULL WHERE id = 1");
    }

    void assertProblem(ResponseEntity<String> response, int status, String field) {
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        Map<String, Object> body = map(response);
        assertThat(body.get("type")).asString().startsWith("/problems/");
        if (field != null) {
            assertThat((List<?>) body.get("errors")).extracting(e -> (Object) ((Map<?, ?>) e).get("field")).contains(field);
        }
    }

    /** A problem+json answer whose errors name {@code field} with a reason containing {@code reason}. */
    void assertProblem(ResponseEntity<String> response, int status, String field, String reason) {
        assertProblem(response, status, field);
        assertThat((List<?>) map(response).get("errors")).map(e -> (Map<?, ?>) e)
                .filteredOn(e -> field.equals(e.get("field")))
                .extracting(e -> String.valueOf(e.get("reason")))
                .anySatisfy(r -> assertThat(r).contains(reason));
    }

    long auditRows() {
        Long n = jdbc.queryForObject("SELECT count(*) FROM audit_event", Long.class);
        return n == null ? 0 : n;
    }

    ResponseEntity<String> call(HttpMethod method, String path, String json, String actor) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        if (actor != null) {
            // the audit actor is the token's name: a test acting as "alice" uses alice's (admin) token
            headers.setBearerAuth(TestAuth.tokenFor(jdbc, actor, Role.ADMIN));
        }
        return http.exchange(path, method, new HttpEntity<>(json, headers), String.class);
    }

    ResponseEntity<String> post(String path, String json) {
        return call(HttpMethod.POST, path, json, null);
    }

    int status(ResponseEntity<String> response) {
        return response.getStatusCode().value();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(ResponseEntity<String> response) {
        return JSON.readValue(response.getBody(), Map.class);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(ResponseEntity<String> response) {
        return JSON.readValue(response.getBody(), List.class);
    }
}
