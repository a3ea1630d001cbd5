package io.ballast.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.security.Role;
import io.ballast.testdb.TestAuth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/**
 * {@code GET /api/v1/audit} (the console's decision timeline): newest first, filtered by resource, node, row type
 * or decision kind and time, bounded, paged; a viewer may read it. Decision rows are written as the manager writes
 * them (docs/audit.md), config rows by real API calls. Also: the console's static files are the only paths open
 * without a token.
 */
class AuditApiTest extends ApiTestBase {

    @BeforeEach
    void clean() {
        emptyConfiguration();
    }

    /** A decision row as ManagerStore.auditDecision writes it. */
    private void decision(String entityType, String id, String trigger, String action, String fromNode, String toNode) {
        jdbc.update("INSERT INTO audit_event (kind, actor, entity_type, entity_id, operation, before, after, round,"
                        + " explanation) VALUES ('decision', 'ha-manager', ?, ?, ?, ?::jsonb, ?::jsonb, 7, ?::jsonb)",
                entityType, id, trigger, "{\"node\":\"" + fromNode + "\"}", "{\"node\":\"" + toNode + "\"}",
                "{\"action\":\"" + action + "\",\"explanation\":\"because\"}");
    }

    private ResponseEntity<String> audit(String query) {
        return http.getForEntity("/api/v1/audit" + query, String.class);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> events(ResponseEntity<String> r) {
        assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
        return (List<Map<String, Object>>) map(r).get("events");
    }

    @Test
    void newestFirstWithDecisionKindsAndFilters() {
        assertThat(status(post("/api/v1/resources", "{\"sid\":\"vm:101\"}"))).isEqualTo(201);
        decision("node", "node2", "node-status", "online -> unknown", "node2", "node2");
        decision("node", "node2", "node-status", "unknown -> fence", "node2", "node2");
        decision("resource", "vm:101", "state-machine", "started -> fence", "node2", "node2");
        decision("resource", "vm:101", "fence-acknowledged", "recover to node3", "node2", "node3");
        decision("resource", "vm:102", "state-machine", "started -> migrate", "node1", "node1");

        List<Map<String, Object>> all = events(audit(""));
        assertThat(all).hasSize(6);
        assertThat(all).extracting(e -> ((Number) e.get("id")).longValue()).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(all.get(0)).containsEntry("kind", "migrate").containsEntry("type", "decision");
        assertThat(all.get(5)).containsEntry("kind", "config").containsEntry("entity_id", "vm:101")
                .containsEntry("operation", "create").containsEntry("actor", TestAuth.ADMIN_NAME);

        assertThat(events(audit("?kind=fence"))).extracting(e -> e.get("entity_id")).containsExactly("vm:101", "node2");
        assertThat(events(audit("?kind=recovery"))).extracting(e -> asMap(e.get("explanation")).get("action"))
                .containsExactly("recover to node3");
        assertThat(events(audit("?kind=config"))).extracting(e -> e.get("operation")).containsExactly("create");
        assertThat(events(audit("?resource=vm:101"))).extracting(e -> e.get("kind"))
                .containsExactly("recovery", "fence", "config");
        // the node itself, and resources that were on it or went to it
        assertThat(events(audit("?node=node2"))).extracting(e -> e.get("entity_id"))
                .containsExactly("vm:101", "vm:101", "node2", "node2");
        assertThat(events(audit("?node=node3"))).extracting(e -> e.get("kind")).containsExactly("recovery");
        assertThat(events(audit("?node=node2&kind=node-state"))).hasSize(1);
        assertThat(events(audit("?since=2999-01-01T00:00:00Z"))).isEmpty();
        assertThat(events(audit("?since=2000-01-01T00:00:00Z"))).hasSize(6);
    }

    @Test
    void pagesByLimitAndBefore() {
        for (int i = 0; i < 5; i++) {
            decision("resource", "vm:10" + i, "state-machine", "started -> migrate", "node1", "node1");
        }
        ResponseEntity<String> first = audit("?limit=2");
        List<Map<String, Object>> page1 = events(first);
        assertThat(page1).hasSize(2);
        Object next = map(first).get("next_before");
        assertThat(next).isEqualTo(page1.get(1).get("id"));
        ResponseEntity<String> second = audit("?limit=3&before=" + next);
        assertThat(events(second)).extracting(e -> e.get("entity_id")).containsExactly("vm:102", "vm:101", "vm:100");
        assertThat(events(audit("?limit=10&before=" + next))).hasSize(3);
        assertThat(map(audit("?limit=10")).get("next_before")).isNull();
    }

    @Test
    void refusesBadFiltersNamingThem() {
        assertProblem(audit("?limit=0"), 400, "limit");
        assertProblem(audit("?limit=501"), 400, "limit");
        assertProblem(audit("?limit=many"), 400, "limit");
        assertProblem(audit("?before=x"), 400, "before");
        assertProblem(audit("?kind=nonsense"), 400, "kind");
        assertProblem(audit("?since=yesterday"), 400, "since");
    }

    @Test
    void viewersReadItAndAnonymousCannot() {
        String viewer = TestAuth.tokenFor(jdbc, "vera", Role.VIEWER);
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(viewer);
        for (String path : List.of("/api/v1/audit", "/api/v1/status/history")) {
            assertThat(http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), String.class)
                    .getStatusCode().value()).isEqualTo(200);
        }
        HttpHeaders bad = new HttpHeaders();
        bad.set("Authorization", "Bearer blst_000000000000_notAToken");
        assertThat(http.exchange("/api/v1/audit", HttpMethod.GET, new HttpEntity<>(bad), String.class)
                .getStatusCode().value()).isEqualTo(401);
    }

    @Test
    void onlyTheConsoleFilesAreOpenWithoutAToken() {
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        String base = http.getRootUri();
        for (String path : List.of("/", "/index.html", "/console/app.js", "/console/style.css",
                "/webjars/uplot/1.6.30/dist/uPlot.esm.js")) {
            assertThat(anonymous(client, "GET", base + path)).as(path).isEqualTo(200);
        }
        for (String path : List.of("/api/v1/audit", "/api/v1/status/history", "/api/v1/status", "/actuator/prometheus",
                "/console/../api/v1/status")) {
            assertThat(anonymous(client, "GET", base + path)).as(path).isIn(400, 401);
        }
        assertThat(anonymous(client, "POST", base + "/console/app.js")).isEqualTo(401);
    }

    private static int anonymous(java.net.http.HttpClient client, String method, String url) {
        try {
            return client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                    .method(method, java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
