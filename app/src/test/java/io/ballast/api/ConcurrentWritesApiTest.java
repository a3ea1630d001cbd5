package io.ballast.api;

import io.ballast.testdb.TestAuth;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Races on the configuration API through real HTTP connections, all requests released at once: exactly one of
 * the conflicting writes is accepted, every other one is answered 4xx with problem+json naming the field (never
 * 5xx), and the database holds exactly the accepted writes and their audit rows.
 */
class ConcurrentWritesApiTest extends ApiTestBase {

    private static ExecutorService pool;
    private static HttpClient client;

    @LocalServerPort
    int port;

    /** One answer: status, content type and body. */
    record Answer(String request, int status, String contentType, String body) {

        boolean accepted() {
            return status / 100 == 2;
        }
    }

    @BeforeAll
    static void startClient() {
        pool = Executors.newFixedThreadPool(200);
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(pool)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    static void stopClient() {
        pool.shutdownNow();
    }

    @BeforeEach
    void empty() {
        emptyConfiguration();
    }

    @Test
    void fiftyConflictingNodeAffinityRulesForOneResourceAcceptExactlyOne() throws Exception {
        assertThat(status(post("/api/v1/resources", "{\"sid\":\"vm:101\"}"))).isEqualTo(201);
        // a realistic rule set around it: validation takes a while, so the requests overlap
        for (int i = 0; i < 100; i++) {
            jdbc.update("INSERT INTO ha_resource (sid, type, vmid) VALUES (?, 'vm', ?)", "vm:" + (1000 + i), 1000 + i);
            jdbc.update("INSERT INTO ha_rule (id, type, strict, sort_order) VALUES (?, 'node-affinity', false, ?)", "other-" + i, i);
            jdbc.update("INSERT INTO ha_rule_resource (rule_id, sid) VALUES (?, ?)", "other-" + i, "vm:" + (1000 + i));
            jdbc.update("INSERT INTO ha_rule_node (rule_id, node) VALUES (?, 'node2')", "other-" + i);
        }
        jdbc.update("DELETE FROM audit_event");
        List<Answer> answers = race(50, i -> request("POST", "/api/v1/rules", "{\"rule\":\"pin-" + i
                + "\",\"type\":\"node-affinity\",\"resources\":\"vm:101\",\"nodes\":\"node" + (i % 3 + 1) + "\"}"));

        Answer winner = exactlyOneAccepted(answers);
        refusedWithProblem(answers, "resources");
        assertThat(answers).filteredOn(a -> !a.accepted()).allSatisfy(a -> assertThat(a.body()).contains("check-1"));
        String id = (String) JSON.readValue(winner.body(), Map.class).get("rule");
        assertThat(jdbc.queryForList("SELECT id FROM ha_rule WHERE id NOT LIKE 'other-%'", String.class)).containsExactly(id);
        assertThat(jdbc.queryForList("SELECT entity_id FROM audit_event WHERE entity_type = 'rule'", String.class))
                .containsExactly(id);
        // and no rule is left "ignored (conflicts)"
        List<Map<String, Object>> rules = list(call(org.springframework.http.HttpMethod.GET, "/api/v1/rules", null, null));
        assertThat(rules).hasSize(101).extracting(r -> r.get("state")).containsOnly("enabled");
    }

    @Test
    void theSameSidCreated200TimesIsAcceptedOnce() throws Exception {
        List<Answer> answers = race(200, i -> request("POST", "/api/v1/resources", "{\"sid\":\"vm:300\"}"));

        exactlyOneAccepted(answers);
        assertThat(answers).filteredOn(a -> !a.accepted()).extracting(Answer::status).containsOnly(409);
        refusedWithProblem(answers, "sid");
        assertThat(jdbc.queryForList("SELECT sid FROM ha_resource", String.class)).containsExactly("vm:300");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE entity_type = 'resource'", Integer.class))
                .isEqualTo(1);
    }

    @Test
    void aVmAndAContainerWithTheSameVmidAreNotBothAccepted() throws Exception {
        List<Answer> answers = race(40, i -> request("POST", "/api/v1/resources",
                "{\"sid\":\"" + (i % 2 == 0 ? "vm" : "ct") + ":701\"}"));

        Answer winner = exactlyOneAccepted(answers);
        assertThat(answers).filteredOn(a -> !a.accepted()).extracting(Answer::status).containsOnly(409);
        refusedWithProblem(answers, "sid");
        String sid = (String) JSON.readValue(winner.body(), Map.class).get("sid");
        assertThat(jdbc.queryForList("SELECT sid FROM ha_resource", String.class)).containsExactly(sid);
        assertThat(jdbc.queryForList("SELECT entity_id FROM audit_event", String.class)).containsExactly(sid);
    }

    @Test
    void theSameRuleIdCreatedInParallelIsAcceptedOnce() throws Exception {
        for (String sid : List.of("vm:101", "vm:102", "vm:103")) {
            assertThat(status(post("/api/v1/resources", "{\"sid\":\"" + sid + "\"}"))).isEqualTo(201);
        }
        jdbc.update("DELETE FROM audit_event");
        // members differ per request, so a lost update would show in the stored rule
        List<Answer> answers = race(50, i -> request("POST", "/api/v1/rules", "{\"rule\":\"together\","
                + "\"type\":\"resource-affinity\",\"affinity\":\"positive\",\"resources\":\"vm:101,vm:10" + (i % 2 + 2) + "\"}"));

        Answer winner = exactlyOneAccepted(answers);
        assertThat(answers).filteredOn(a -> !a.accepted()).extracting(Answer::status).containsOnly(409);
        refusedWithProblem(answers, "rule");
        Object members = JSON.readValue(winner.body(), Map.class).get("resources");
        assertThat(jdbc.queryForList("SELECT string_agg(sid, ',' ORDER BY sid) FROM ha_rule_resource WHERE rule_id = 'together'",
                String.class)).containsExactly((String) members);
        assertThat(jdbc.queryForList("SELECT after->>'resources' FROM audit_event", String.class)).containsExactly((String) members);
    }

    @Test
    void deletingAResourceWhileARuleUsingItIsCreatedNeverFailsOrLeavesADanglingRule() throws Exception {
        int pairs = 20;
        for (int i = 0; i < pairs; i++) {
            assertThat(status(post("/api/v1/resources", "{\"sid\":\"vm:" + (800 + i) + "\"}"))).isEqualTo(201);
        }
        jdbc.update("DELETE FROM audit_event");
        // even i: delete with purge (the default), odd i: delete without purge (refused while a rule uses it)
        List<Answer> answers = race(2 * pairs, k -> {
            int i = k / 2;
            return k % 2 == 0
                    ? request("DELETE", "/api/v1/resources/vm:" + (800 + i) + (i % 2 == 0 ? "" : "?purge=0"), null)
                    : request("POST", "/api/v1/rules", "{\"rule\":\"pin-" + i + "\",\"type\":\"node-affinity\","
                            + "\"resources\":\"vm:" + (800 + i) + "\",\"nodes\":\"node1\"}");
        });

        assertThat(answers).allSatisfy(a -> assertThat(a.status()).as(a.request() + " " + a.body()).isLessThan(500));
        refusedWithProblem(answers, null);
        List<String> rulesCreated = new ArrayList<>();
        List<String> resourcesDeleted = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            Answer delete = answers.get(2 * i);
            Answer rule = answers.get(2 * i + 1);
            String sid = "vm:" + (800 + i);
            if (rule.accepted()) {
                rulesCreated.add("pin-" + i);
            } else {
                assertThat(rule.status()).as(rule.body()).isEqualTo(400);
                assertThat(rule.body()).contains("resources");
            }
            if (delete.accepted()) {
                resourcesDeleted.add(sid);
            } else {
                // only refused without purge, and only because the rule came first
                assertThat(i % 2).isEqualTo(1);
                assertThat(rule.accepted()).isTrue();
                assertThat(delete.status()).isEqualTo(409);
                assertThat(delete.body()).contains("in-use");
            }
            if (i % 2 == 0) {
                assertThat(delete.accepted()).as(delete.body()).isTrue();
            }
        }
        // no rule left with a member that is gone, no rule without members
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ha_rule_resource m LEFT JOIN ha_resource r ON r.sid = m.sid"
                + " WHERE r.sid IS NULL", Integer.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ha_rule r WHERE NOT EXISTS"
                + " (SELECT 1 FROM ha_rule_resource m WHERE m.rule_id = r.id)", Integer.class)).isZero();
        assertThat(jdbc.queryForList("SELECT entity_id FROM audit_event WHERE entity_type = 'resource' AND operation = 'delete'",
                String.class)).containsExactlyInAnyOrderElementsOf(resourcesDeleted);
        assertThat(jdbc.queryForList("SELECT entity_id FROM audit_event WHERE entity_type = 'rule' AND operation = 'create'",
                String.class)).containsExactlyInAnyOrderElementsOf(rulesCreated);
        List<String> remaining = jdbc.queryForList("SELECT sid FROM ha_resource", String.class);
        assertThat(remaining).hasSize(pairs - resourcesDeleted.size()).doesNotContainAnyElementsOf(resourcesDeleted);
    }

    private HttpRequest request(String method, String path, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", TestAuth.header())
                .timeout(Duration.ofSeconds(60));
        if (json == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return b.build();
    }

    /** Sends all requests at the same moment, each on its own thread; the answers in request order. */
    private List<Answer> race(int n, IntFunction<HttpRequest> requests) throws Exception {
        CountDownLatch ready = new CountDownLatch(n);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Answer>> futures = new ArrayList<>();
        ExecutorService senders = Executors.newFixedThreadPool(n);
        try {
            for (int i = 0; i < n; i++) {
                HttpRequest request = requests.apply(i);
                Callable<Answer> send = () -> {
                    ready.countDown();
                    go.await();
                    HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                    return new Answer(request.method() + " " + request.uri().getPath(), r.statusCode(),
                            r.headers().firstValue("Content-Type").orElse(""), r.body());
                };
                futures.add(senders.submit(send));
            }
            ready.await();
            go.countDown();
            List<Answer> answers = new ArrayList<>();
            for (Future<Answer> f : futures) {
                answers.add(f.get());
            }
            return answers;
        } finally {
            senders.shutdownNow();
        }
    }

    private static Answer exactlyOneAccepted(List<Answer> answers) {
        assertThat(answers).allSatisfy(a -> assertThat(a.status()).as(a.body()).isLessThan(500));
        List<Answer> accepted = answers.stream().filter(Answer::accepted).toList();
        assertThat(accepted).as("accepted writes").hasSize(1);
        return accepted.get(0);
    }

    /** Every refusal is problem+json with a problem type, naming {@code field} when it is given. */
    private static void refusedWithProblem(List<Answer> answers, String field) {
        for (Answer a : answers.stream().filter(a -> !a.accepted()).toList()) {
            assertThat(a.status()).as(a.body()).isBetween(400, 499);
            assertThat(a.contentType()).as(a.body()).startsWith("application/problem+json");
            Map<?, ?> body = JSON.readValue(a.body(), Map.class);
            assertThat(body.get("type")).asString().startsWith("/problems/");
            if (field != null) {
                assertThat((List<?>) body.get("errors")).as(a.body())
                        .extracting(e -> (Object) ((Map<?, ?>) e).get("field")).contains(field);
            }
        }
    }
}
