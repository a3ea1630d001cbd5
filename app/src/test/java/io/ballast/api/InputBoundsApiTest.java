package io.ballast.api;

import io.ballast.testdb.TestAuth;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/** The bounds checked at the edge (docs/api.md#input-bounds): refused with the field named, nothing stored. */
class InputBoundsApiTest extends ApiTestBase {

    @LocalServerPort
    int port;

    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void clean() {
        emptyConfiguration();
    }

    @Test
    void vmidsAreThoseProxmoxAccepts() {
        for (String sid : List.of("vm:99", "ct:1000000000", "vm:2147483648", "vm:0100", "99")) {
            assertProblem(post("/api/v1/resources", "{\"sid\":\"" + sid + "\"}"), 400, "sid", "VMID 100-999999999");
        }
        assertProblem(post("/api/v1/resources", "{\"sid\":99999999999}"), 400, "sid");
        assertThat(status(post("/api/v1/resources", "{\"sid\":\"vm:100\"}"))).isEqualTo(201);
        assertThat(status(post("/api/v1/resources", "{\"sid\":999999999,\"type\":\"ct\"}"))).isEqualTo(201);
        assertThat(jdbc.queryForList("SELECT sid FROM ha_resource ORDER BY vmid", String.class))
                .containsExactly("vm:100", "ct:999999999");
        assertProblem(call(HttpMethod.GET, "/api/v1/resources/vm:1000000000", null, null), 400, "sid");
    }

    @Test
    void controlCharactersAndNonFiniteNumbersAreRefusedByField() {
        assertProblem(post("/api/v1/resources", "{\"sid\":\"vm:101\",\"comment\":\"a\\u0000b\"}"), 400, "comment",
                "control characters");
        assertProblem(post("/api/v1/resources", "{\"sid\":\"vm:101\",\"comment\":\"two\\nlines\"}"), 400, "comment");
        assertProblem(post("/api/v1/resources/vm:101/migrate", "{\"node\":\"node1\\u0000\"}"), 400, "node");
        assertProblem(call(HttpMethod.PUT, "/api/v1/crs", "{\"ha-auto-rebalance-threshold\":1e400}", null), 400,
                "ha-auto-rebalance-threshold", "finite");
        assertProblem(post("/api/v1/sim/resources/vm:101/usage", "{\"cpu\":1e400}"), 400, "cpu", "finite");
        assertProblem(post("/api/v1/sim/resources/vm:101/usage", "{\"mem\":-1}"), 400, "mem");
        assertProblem(post("/api/v1/sim/resources/vm:101/usage", "{\"maxmem\":1e12}"), 400, "maxmem", "MiB");
        assertProblem(post("/api/v1/what-if", "{\"fail\":[\"node1\",\"x\\u0001\"]}"), 400, "fail[1]");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ha_resource", Integer.class)).isZero();
    }

    @Test
    void ruleOrderStaysInRangeAndNeverWrapsAround() {
        post("/api/v1/resources", "{\"sid\":\"vm:101\"}");
        String rule = "{\"rule\":\"%s\",\"type\":\"node-affinity\",\"resources\":\"vm:101\",\"nodes\":\"node%d\"%s}";
        assertProblem(post("/api/v1/rules", rule.formatted("ra", 1, ",\"order\":2147483647")), 400, "order", "0-1000000");
        assertThat(status(post("/api/v1/rules", rule.formatted("ra", 1, ",\"order\":1000000")))).isEqualTo(201);
        post("/api/v1/resources", "{\"sid\":\"vm:102\"}");
        String next = rule.formatted("rb", 2, "").replace("vm:101", "vm:102");
        assertProblem(post("/api/v1/rules", next), 400, "order", "highest order");
        assertThat(jdbc.queryForList("SELECT sort_order FROM ha_rule", Integer.class)).containsExactly(1000000);
    }

    @Test
    void importRefusesOutOfRangeVmidsAndControlCharactersAndKeepsNothing() {
        ResponseEntity<String> r = post("/api/v1/import",
                "{\"resources_cfg\":\"vm: 101\\n\\nvm: 99999999999\\n\\tstate started\\n\"}");
        assertProblem(r, 400, "resources_cfg[vm:99999999999].sid", "VMID 100-999999999");
        r = post("/api/v1/import", "{\"resources_cfg\":\"vm: 101\\n\\tcomment a\\u0000b\\n\"}");
        assertProblem(r, 400, "resources_cfg", "control characters");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ha_resource", Integer.class)).isZero();
    }

    @Test
    void pathErrorsTomcatRefusesAreProblemJsonToo() throws Exception {
        for (String path : List.of("/api/v1/resources/a%2Fb", "/api/v1/resources/a%00b", "/api/v1/nodes/%5C/maintenance")) {
            HttpResponse<String> r = raw("POST", path, "{}", "application/json");
            assertThat(r.statusCode()).as(path).isBetween(400, 499);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).as(path).startsWith("application/problem+json");
            assertThat(r.body()).contains("\"type\":\"/problems/");
        }
        HttpResponse<String> r = raw("POST", "/api/v1/nodes/node1%01/maintenance", "", "application/json");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("\"field\":\"node\"").contains("control characters");
        r = raw("GET", "/api/v1/no-such-thing", null, null);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    }

    @Test
    void bodiesAboveTheLimitGet413WithoutAnEcho() throws Exception {
        String big = "{\"sid\":\"vm:101\",\"comment\":\"" + "x".repeat(1024 * 1024) + "\"}";
        HttpResponse<String> r = raw("POST", "/api/v1/resources", big, "application/json");
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(r.body()).contains("/problems/body-too-large").hasSizeLessThan(1024);
        // without Content-Length (chunked) the limit applies while reading
        byte[] bytes = big.getBytes(StandardCharsets.UTF_8);
        HttpRequest chunked = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/resources"))
                .header("Authorization", TestAuth.header())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))).build();
        r = client.send(chunked, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).contains("/problems/body-too-large").hasSizeLessThan(1024);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ha_resource", Integer.class)).isZero();
        // a large value under the limit is refused by its own bound, not echoed back
        r = raw("POST", "/api/v1/resources", "{\"sid\":\"" + "9".repeat(900_000) + "\"}", "application/json");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).hasSizeLessThan(2048);
    }

    private HttpResponse<String> raw(String method, String path, String body, String contentType) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", TestAuth.header())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
