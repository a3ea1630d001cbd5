package io.ballast.api;

import io.ballast.testdb.TestAuth;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Generated bad inputs against every write endpoint, over a real HTTP connection (so Tomcat's own refusals are
 * seen too): no answer is a 5xx, every error is problem+json without a copy of a large input, and the service
 * still answers afterwards.
 */
class BadInputFuzzTest extends ApiTestBase {

    /** Values that are wrong (or at the edge) for some field: bounds, types, control characters, sizes. */
    private static final List<String> VALUES = List.of(
            "\"\"", "\" \"", "\"\\u0000\"", "\"a\\u0000b\"", "\"node1\\u0001\"", "\"x\\ty\"", "\"line\\nbreak\"",
            "\"" + "x".repeat(5000) + "\"", "\"vm:2147483648\"", "\"vm:99\"", "\"vm:0100\"", "\"vm:1000000000\"",
            "\"ct:-1\"", "\"vm: 101\"", "\"../etc\"", "\"\\ud800\"", "\"1e400\"", "\"node1:2147483648\"", "\"node1:-1\"",
            "1e400", "-1e400", "1e-400", "-1", "0", "2147483647", "2147483648", "-2147483649", "9223372036854775808",
            "99999999999999999999999999", "1.5", "-0.0", "true", "null", "[]", "{}", "[null]", "[\"\\u0000\"]",
            "{\"a\":1e400}", "[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]", "[\"vm:101\",\"vm:101\"]");

    /** Whole bodies that are not what any endpoint takes. */
    private static final List<String> BODIES = List.of(
            "", "{", "[]", "null", "\"text\"", "NaN", "{\"a\":NaN}", "{\"a\":Infinity}", "{\"\\u0000\":1}",
            "{\"" + "k".repeat(3000) + "\":1}", "[".repeat(3000) + "]".repeat(3000), "{\"a\":" + "9".repeat(2000) + "}",
            "{\"a\":1,\"a\":2}", "\uFEFF{}", "{'a':1}");

    private static final List<String> SEGMENTS = List.of(
            "vm:99", "vm:2147483648", "vm%3A1000000000", "%00", "a%00b", "%2F", "a%2Fb", "%01", "vm:101%0A",
            "x".repeat(300), "%E2%80%AE", "..", "%20", "ct:-5", "node1%09", "%C0%AE", "vm:0101", "-");

    /** method, path template ({} = a path segment), fields the body takes (empty: body fuzzed as a whole). */
    private record Endpoint(String method, String path, List<String> fields) {
    }

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("POST", "/api/v1/resources", List.of("sid", "type", "state", "max_restart", "max_relocate",
                    "failback", "rebalance", "comment")),
            new Endpoint("PUT", "/api/v1/resources/{}", List.of("state", "max_restart", "comment", "digest", "delete")),
            new Endpoint("POST", "/api/v1/resources/{}/migrate", List.of("node")),
            new Endpoint("POST", "/api/v1/resources/{}/relocate", List.of("node")),
            new Endpoint("POST", "/api/v1/resources/{}/stop", List.of("timeout")),
            new Endpoint("POST", "/api/v1/rules", List.of("rule", "type", "resources", "nodes", "strict", "affinity",
                    "order", "comment", "disable")),
            new Endpoint("PUT", "/api/v1/rules/{}", List.of("resources", "nodes", "order", "comment", "delete")),
            new Endpoint("PUT", "/api/v1/crs", List.of("ha", "ha-auto-rebalance-threshold", "ha-auto-rebalance-method",
                    "ha-auto-rebalance-hold-duration", "ha-auto-rebalance-margin", "max_workers", "shutdown_policy",
                    "automation-level")),
            new Endpoint("POST", "/api/v1/nodes/{}/maintenance", List.of()),
            new Endpoint("DELETE", "/api/v1/nodes/{}/maintenance", List.of()),
            new Endpoint("POST", "/api/v1/status/disarm-ha", List.of("resource-mode")),
            new Endpoint("POST", "/api/v1/status/arm-ha", List.of()),
            new Endpoint("POST", "/api/v1/import", List.of("resources_cfg", "rules_cfg", "datacenter_cfg", "dry_run")),
            new Endpoint("POST", "/api/v1/what-if", List.of("fail", "isolate", "maintenance")),
            new Endpoint("POST", "/api/v1/sim/nodes/{}/power", List.of("state")),
            new Endpoint("POST", "/api/v1/sim/nodes/{}/network", List.of("state")),
            new Endpoint("POST", "/api/v1/sim/resources/{}/fail", List.of("start", "migrate", "stop")),
            new Endpoint("POST", "/api/v1/sim/resources/{}/usage", List.of("cpu", "mem", "maxcpu", "maxmem")),
            new Endpoint("POST", "/api/v1/rule-base/reload", List.of()),
            new Endpoint("POST", "/api/v1/proposals/{}/apply", List.of()),
            new Endpoint("POST", "/api/v1/proposals/{}/dismiss", List.of()),
            // last: their bodies are ignored, so a fuzzed DELETE removes the seeded rule and resource
            new Endpoint("DELETE", "/api/v1/rules/{}", List.of()),
            new Endpoint("DELETE", "/api/v1/resources/{}", List.of()));

    /** Import file texts that parse into out-of-range or control-character items. */
    private static final List<String> IMPORT_TEXTS = List.of(
            "vm: 99999999999\n", "vm: 2147483648\n", "vm: 99\n", "ct: 0101\n", "vm: 101\n\tcomment a\u0001b\n",
            "vm: 101\n\tmax_restart 99999999999\n", "vm: 101\n\tstate \u0000\n", "vm: 101\n\tbogus 1\n",
            "node-affinity: r1\n\tresources vm:101\n\tnodes node1:99999999999\n",
            "node-affinity: r1\n\tresources vm:2147483648\n\tnodes node1\n",
            "resource-affinity: r\u0002\n\tresources vm:101,vm:102\n\taffinity negative\n",
            "crs: ha=static,ha-auto-rebalance-threshold=1e400\n", "crs: ha=static,ha-auto-rebalance-margin=-5\n",
            "crs: ha=nonsense\n", "\u0000", "vm:\n", "x".repeat(3000));

    @LocalServerPort
    int port;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> failures = new ArrayList<>();
    private int sent;

    @BeforeEach
    void seed() {
        emptyConfiguration();
        post("/api/v1/resources", "{\"sid\":\"vm:101\"}");
        post("/api/v1/resources", "{\"sid\":\"vm:102\"}");
        post("/api/v1/rules", "{\"rule\":\"apart\",\"type\":\"resource-affinity\",\"resources\":\"vm:101,vm:102\","
                + "\"affinity\":\"negative\"}");
    }

    @Test
    void noBadInputGetsA5xxOrANonProblemAnswer() throws Exception {
        Random random = new Random(14);
        for (Endpoint e : ENDPOINTS) {
            String path = e.path().replace("{}", existing(e));
            // every field with every bad value, the other fields absent
            for (String field : e.fields()) {
                for (String value : VALUES) {
                    send(e.method(), path, "{\"" + field + "\":" + value + "}");
                }
            }
            for (String body : BODIES) {
                send(e.method(), path, body);
            }
            if (e.path().contains("{}")) {
                for (String segment : SEGMENTS) {
                    send(e.method(), e.path().replace("{}", segment), "{}");
                }
            }
            send(e.method(), path + "?since=%00&purge=" + "9".repeat(300), "{}");
            // two to four fields at once, random values
            for (int i = 0; i < 6 && !e.fields().isEmpty(); i++) {
                Map<String, String> body = new LinkedHashMap<>();
                for (int k = 0; k < 2 + random.nextInt(3); k++) {
                    body.put(e.fields().get(random.nextInt(e.fields().size())), VALUES.get(random.nextInt(VALUES.size())));
                }
                StringBuilder json = new StringBuilder("{");
                body.forEach((k, v) -> json.append(json.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
                send(e.method(), path, json.append('}').toString());
            }
        }
        for (String text : IMPORT_TEXTS) {
            for (String key : List.of("resources_cfg", "rules_cfg", "datacenter_cfg")) {
                send("POST", "/api/v1/import", "{\"" + key + "\":" + JSON.writeValueAsString(text) + ",\"dry_run\":true}");
            }
        }
        // form-encoded and plain-text bodies where JSON is expected
        for (Endpoint e : ENDPOINTS) {
            send(e.method(), e.path().replace("{}", existing(e)), "a=%00&b=1", "application/x-www-form-urlencoded");
            send(e.method(), e.path().replace("{}", existing(e)), "\u0000", "text/plain");
        }
        // int's highest order: refused (the next rule's default order used to wrap around)
        send("POST", "/api/v1/rules", "{\"rule\":\"last\",\"type\":\"node-affinity\",\"resources\":\"vm:101\","
                + "\"nodes\":\"node1\",\"order\":2147483647}");

        System.out.println("bad inputs sent: " + sent);
        assertThat(sent).isGreaterThanOrEqualTo(500);
        assertThat(failures).as("answers that are 5xx or not problem+json, of " + sent).isEmpty();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ha_rule WHERE sort_order < 0", Integer.class)).isZero();
        HttpResponse<String> status = client.send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/status"))
                .header("Authorization", TestAuth.header())
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(status.statusCode()).isEqualTo(200);
    }

    private static String existing(Endpoint e) {
        return e.path().startsWith("/api/v1/rules/") ? "apart"
                : e.path().contains("/nodes/") ? "node1" : "vm:101";
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private void send(String method, String path, String body) throws Exception {
        send(method, path, body, "application/json");
    }

    private void send(String method, String path, String body, String contentType) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base() + path))
                .header("Authorization", TestAuth.header())
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
        sent++;
        int status = r.statusCode();
        String type = r.headers().firstValue("Content-Type").orElse("");
        String what = method + " " + path + " " + abbreviated(body) + " -> " + status + " " + type + " "
                + abbreviated(r.body());
        if (status >= 500) {
            failures.add(what);
        } else if (status >= 400 && !type.startsWith("application/problem+json")) {
            failures.add(what);
        } else if (status >= 400 && (r.body().length() > 16_384 || !r.body().contains("\"type\":\"/problems/"))) {
            failures.add("echo or untyped: " + what);
        }
    }

    private static String abbreviated(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "...(" + s.length() + ")" : s;
    }
}
