package io.ballast.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.sun.net.httpserver.HttpServer;

import io.ballast.manager.loop.SimulatedCluster;
import tools.jackson.databind.json.JsonMapper;

/**
 * Webhook notifications end to end: a fence, a failed recovery and a resource entering error on the simulated
 * cluster reach a local receiver that refuses the first two requests; every notification arrives signed, once,
 * after the retries, and the outbox ends up delivered.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ballast.db.embedded.data-dir=", "ballast.manager.round-period=1h",
            "ballast.cluster.nodes=node1,node2,node3", "ballast.notify.webhook.secret=s3cret",
            "ballast.notify.webhook.poll-interval=50ms", "ballast.notify.webhook.backoff=100ms",
            "ballast.notify.webhook.timeout=2s"})
@AutoConfigureTestRestTemplate
class WebhookNotificationTest {

    static final HttpServer RECEIVER;
    static final List<Map<String, Object>> RECEIVED = new CopyOnWriteArrayList<>();
    static final List<String> SIGNATURES_OK = new CopyOnWriteArrayList<>();
    static final AtomicInteger REQUESTS = new AtomicInteger();
    static final JsonMapper JSON = JsonMapper.builder().build();

    static {
        try {
            RECEIVER = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        RECEIVER.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            // down at first: the first two requests fail, the sender must retry
            int n = REQUESTS.incrementAndGet();
            int status = n <= 2 ? 503 : 204;
            if (status == 204) {
                String text = new String(body, StandardCharsets.UTF_8);
                @SuppressWarnings("unchecked")
                Map<String, Object> payload = JSON.readValue(text, Map.class);
                RECEIVED.add(payload);
                String expected = "sha256=" + WebhookSender.sign("s3cret", text);
                if (expected.equals(exchange.getRequestHeaders().getFirst("X-Ballast-Signature"))) {
                    SIGNATURES_OK.add(String.valueOf(payload.get("id")));
                }
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        RECEIVER.start();
    }

    @DynamicPropertySource
    static void webhook(DynamicPropertyRegistry registry) {
        registry.add("ballast.notify.webhook.url",
                () -> "http://127.0.0.1:" + RECEIVER.getAddress().getPort() + "/hook");
    }

    @AfterAll
    static void stopReceiver() {
        RECEIVER.stop(0);
    }

    @Autowired
    TestRestTemplate http;
    @Autowired
    SimulatedCluster cluster;
    @Autowired
    JdbcTemplate jdbc;

    private int post(String path, String json) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.postForEntity(path, new HttpEntity<>(json, headers), Map.class).getStatusCode().value();
    }

    private static <T> T await(String what, Supplier<T> probe) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("timed out waiting for " + what + "; received " + RECEIVED);
    }

    private String state(String sid) {
        List<String> s = jdbc.queryForList("SELECT state FROM service_status WHERE sid = ?", String.class, sid);
        return s.isEmpty() ? null : s.get(0);
    }

    @Test
    void fenceFailedRecoveryAndErrorAreDeliveredOnceSignedAfterRetries() throws InterruptedException {
        assertThat(post("/api/v1/resources", "{\"sid\":\"vm:100\",\"state\":\"started\"}")).isEqualTo(201);
        // the only node vm:100 may run on is the one that will fail: its recovery finds no node
        assertThat(post("/api/v1/rules", "{\"rule\":\"pin\",\"type\":\"node-affinity\",\"resources\":\"vm:100\","
                + "\"nodes\":\"node3\",\"strict\":true}")).isEqualTo(201);
        assertThat(post("/api/v1/resources", "{\"sid\":\"vm:200\",\"state\":\"stopped\",\"max_restart\":0,"
                + "\"max_relocate\":0}")).isEqualTo(201);
        for (int i = 0; i < 6; i++) {
            cluster.live().step();
        }
        assertThat(state("vm:100")).isEqualTo("started");
        assertThat(RECEIVED).as("nothing to tell yet").isEmpty();

        // vm:200 fails to start: error
        assertThat(post("/api/v1/sim/resources/vm:200/fail", "{\"start\":9}")).isEqualTo(200);
        http.put("/api/v1/resources/vm:200", jsonEntity("{\"state\":\"started\"}"));
        // node3 (not the master's node: node1 runs the manager) loses power: fence, then no node for vm:100
        assertThat(post("/api/v1/sim/nodes/node3/power", "{\"state\":\"off\"}")).isEqualTo(200);
        for (int i = 0; i < 20 && !("recovery".equals(state("vm:100")) && "error".equals(state("vm:200"))); i++) {
            cluster.live().step();
        }
        assertThat(state("vm:100")).isEqualTo("recovery");
        assertThat(state("vm:200")).isEqualTo("error");

        await("three notifications", () -> RECEIVED.size() >= 3 ? true : null);
        // a few more rounds: a resource staying in recovery or error is not notified again
        for (int i = 0; i < 3; i++) {
            cluster.live().step();
        }
        Thread.sleep(300);
        assertThat(RECEIVED).extracting(m -> m.get("kind")).containsExactlyInAnyOrder("fence", "recovery-failed",
                "error");
        Map<String, Object> fence = RECEIVED.stream().filter(m -> "fence".equals(m.get("kind"))).findFirst().orElseThrow();
        assertThat(fence).containsEntry("node", "node3").containsKeys("time", "message", "term", "id");
        assertThat(((Number) fence.get("term")).longValue()).isPositive();
        assertThat(RECEIVED.stream().filter(m -> "recovery-failed".equals(m.get("kind"))).findFirst().orElseThrow())
                .containsEntry("resource", "vm:100").containsEntry("node", "node3");
        assertThat(RECEIVED.stream().filter(m -> "error".equals(m.get("kind"))).findFirst().orElseThrow())
                .containsEntry("resource", "vm:200");
        assertThat(SIGNATURES_OK).hasSize(3);
        assertThat(REQUESTS.get()).as("two refused, then each once").isEqualTo(5);
        assertThat(jdbc.queryForList("SELECT kind FROM notification_outbox WHERE delivered_at IS NOT NULL",
                String.class)).hasSize(3);
        // every request was one recorded attempt; the refused ones were retried
        assertThat(jdbc.queryForObject("SELECT sum(attempts) FROM notification_outbox", Integer.class)).isEqualTo(5);
        assertThat(jdbc.queryForObject("SELECT max(attempts) FROM notification_outbox", Integer.class)).isGreaterThan(1);
    }

    private static HttpEntity<String> jsonEntity(String json) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return new HttpEntity<>(json, headers);
    }
}
