package io.ballast.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.manager.loop.WhatIfService;
import io.ballast.testdb.TestAuth;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The heavy endpoints over real HTTP: import, rule-base reload and what-if answer 429 with Retry-After while one
 * runs (played by holding the filter's permit) and only to callers that got past authentication; a what-if past
 * its deadline stops and answers 503 {@code /problems/timeout} with Retry-After, changing nothing; one whose
 * estimated working set exceeds the heap bound is refused 503 {@code /problems/insufficient-memory}. The service
 * answers afterwards every time. The deadline is 1 ms here, so every what-if that starts times out; the heap
 * bound is set to what 50 resources on 3 nodes are estimated to need.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ballast.manager.round-period=1h", "ballast.what-if.timeout=1ms", "ballast.import.retry-after=7s"})
@DirtiesContext
class HeavyRequestLimitsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void heapBound(DynamicPropertyRegistry registry) {
        double fraction = (double) WhatIfService.estimatedBytes(50, 3) / Runtime.getRuntime().maxMemory();
        registry.add("ballast.what-if.max-heap-fraction", () -> Double.toString(fraction));
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    @Qualifier("importLimit")
    FilterRegistrationBean<ConcurrencyLimit> importLimit;
    @Autowired
    @Qualifier("ruleBaseReloadLimit")
    FilterRegistrationBean<ConcurrencyLimit> reloadLimit;
    @Autowired
    @Qualifier("whatIfLimit")
    FilterRegistrationBean<ConcurrencyLimit> whatIfLimit;

    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void threeResourcesOnThreeNodes() throws Exception {
        jdbc.update("DELETE FROM crm_command");
        jdbc.update("DELETE FROM service_status");
        jdbc.update("DELETE FROM ha_rule");
        jdbc.update("DELETE FROM ha_resource");
        jdbc.update("DELETE FROM node_request");
        jdbc.update("DELETE FROM node_status");
        jdbc.update("INSERT INTO node_status (node, state) VALUES ('node1', 'online'), ('node2', 'online'),"
                + " ('node3', 'online')");
        importResources(3);
    }

    @Test
    void aBusyHeavyEndpointAnswers429WithRetryAfterToAuthorizedCallersOnly() throws Exception {
        record Case(FilterRegistrationBean<ConcurrencyLimit> limit, String path, String body, int free, String retry) {
        }
        List<Case> cases = List.of(
                new Case(importLimit, "/api/v1/import", "{\"datacenter_cfg\": \"crs: ha=basic\\n\", \"dry_run\": true}", 200, "7"),
                new Case(reloadLimit, "/api/v1/rule-base/reload", "", 200, "5"),
                new Case(whatIfLimit, "/api/v1/what-if", "{}", 400, "5"));
        // GET /api/v1/headroom runs what-ifs: it shares their limit
        assertThat(whatIfLimit.getUrlPatterns()).containsExactly("/api/v1/what-if", "/api/v1/headroom");
        for (Case c : cases) {
            ConcurrencyLimit limit = c.limit().getFilter();
            assertThat(c.limit().getUrlPatterns()).startsWith(c.path());
            assertThat(limit.tryEnter()).isTrue();   // one request of this kind is running
            try {
                HttpResponse<String> busy = post(c.path(), c.body(), true);
                assertThat(busy.statusCode()).as(c.path()).isEqualTo(429);
                assertThat(busy.headers().firstValue("Retry-After")).as(c.path()).hasValue(c.retry());
                assertThat(busy.headers().firstValue("Content-Type")).hasValueSatisfying(
                        t -> assertThat(t).startsWith("application/problem+json"));
                assertThat(map(busy)).containsEntry("type", "/problems/busy");
                // authentication comes first: an anonymous caller neither takes a permit nor learns it is busy
                assertThat(post(c.path(), c.body(), false).statusCode()).as(c.path()).isEqualTo(401);
                // other endpoints are not held up
                assertThat(get("/api/v1/status").statusCode()).isEqualTo(200);
            } finally {
                limit.leave();
            }
            HttpResponse<String> again = post(c.path(), c.body(), true);
            assertThat(again.statusCode()).as(c.path() + " " + again.body()).isEqualTo(c.free());
        }
    }

    @Test
    void aWhatIfPastItsDeadlineStopsAnswers503WithRetryAfterAndChangesNothing() throws Exception {
        jdbc.update("INSERT INTO service_status (sid, state, node, uid, running) VALUES"
                + " ('vm:100', 'started', 'node3', 'u1', true), ('vm:101', 'started', 'node3', 'u2', true),"
                + " ('vm:102', 'started', 'node1', 'u3', true)");
        Long audit = jdbc.queryForObject("SELECT count(*) FROM audit_event", Long.class);
        for (int i = 0; i < 2; i++) {   // the second is not 429: the first gave its permit and heap back
            HttpResponse<String> r = post("/api/v1/what-if", "{\"fail\": [\"node3\"]}", true);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
            assertThat(r.headers().firstValue("Retry-After")).hasValue("5");
            Map<String, Object> problem = map(r);
            assertThat(problem).containsEntry("type", "/problems/timeout");
            assertThat((String) problem.get("detail")).contains("ballast.what-if.timeout").contains("nothing was changed");
        }
        assertThat(get("/api/v1/status").statusCode()).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT node FROM service_status WHERE sid = 'vm:100'", String.class))
                .isEqualTo("node3");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event", Long.class)).isEqualTo(audit);
    }

    @Test
    void aWhatIfWhoseWorkingSetExceedsTheHeapBoundIsRefused() throws Exception {
        importResources(100);
        HttpResponse<String> r = post("/api/v1/what-if", "{\"fail\": [\"node3\"]}", true);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).isEmpty();   // retrying cannot help, more heap can
        Map<String, Object> problem = map(r);
        assertThat(problem).containsEntry("type", "/problems/insufficient-memory");
        assertThat((String) problem.get("detail")).contains("103 resources on 3 nodes")
                .contains("ballast.what-if.max-heap-fraction");
        assertThat(get("/api/v1/status").statusCode()).isEqualTo(200);
    }

    private void importResources(int n) throws Exception {
        StringBuilder cfg = new StringBuilder();
        int first = jdbc.queryForObject("SELECT count(*) FROM ha_resource", Integer.class) + 100;
        for (int i = 0; i < n; i++) {
            cfg.append("vm: ").append(first + i).append("\n\tstate started\n\n");
        }
        HttpResponse<String> r = post("/api/v1/import", JSON.writeValueAsString(Map.of("resources_cfg", cfg.toString())), true);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private HttpResponse<String> post(String path, String body, boolean authorized) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        return client.send(authorized ? TestAuth.bearer(b).build() : b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(TestAuth.bearer(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(HttpResponse<String> r) {
        return JSON.readValue(r.body(), Map.class);
    }
}
