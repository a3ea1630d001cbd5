package io.ballast.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.testdb.TestAuth;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI description is usable: every operation has a stable id, a tag and a summary, every write with a body
 * has an example, and each example (with the path parameters' examples) is accepted by a fresh simulated service
 * when sent in a sensible order, as Swagger UI's "Try it out" would send it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ballast.manager.round-period=100ms", "ballast.cluster.nodes=node1,node2,node3"})
@AutoConfigureTestRestTemplate
class OpenApiContractTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> WRITES = Set.of("post", "put", "delete", "patch");
    /** The order the examples tell one story in; writes not listed (new endpoints) come after, by operation id. */
    private static final List<String> ORDER = List.of("createToken", "login", "putCrs", "createResource",
            "putResource", "createRule", "putRule", "moveResource", "injectFailures", "setResourceUsage",
            "stopResource", "enableMaintenance", "disableMaintenance", "confirmFenced", "withdrawFenced", "askWhatIf",
            "setNodeNetwork", "setNodePower", "disarmHa", "armHa", "importSetup", "reloadRuleBase", "deleteRule",
            "deleteResource", "revokeToken", "logout");

    /**
     * Writes on an object the manager creates (a proposal): a fresh service has none, so their example id answers
     * 404 {@code /problems/not-found} (a problem naming the object, not an unknown path).
     */
    private static final Set<String> ON_MANAGER_OBJECTS = Set.of("applyProposal", "dismissProposal");

    @Autowired
    TestRestTemplate http;

    record Op(String method, String path, Map<String, Object> operation) {
        String id() {
            return (String) operation.get("operationId");
        }
    }

    @SuppressWarnings("unchecked")
    private List<Op> operations() {
        ResponseEntity<String> docs = http.exchange("/v3/api-docs", HttpMethod.GET, new HttpEntity<>(new HttpHeaders()),
                String.class);
        assertThat(docs.getStatusCode().value()).isEqualTo(200);
        Map<String, Object> api = JSON.readValue(docs.getBody(), Map.class);
        List<Op> ops = new ArrayList<>();
        ((Map<String, Map<String, Object>>) api.get("paths")).forEach((path, item) -> item.forEach((method, op) -> {
            if (op instanceof Map<?, ?> m && m.containsKey("responses")) {
                ops.add(new Op(method, path, (Map<String, Object>) m));
            }
        }));
        return ops;
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyOperationHasAnIdATagASummaryAndEveryWriteAnExample() {
        List<Op> ops = operations();
        assertThat(ops).hasSizeGreaterThan(30);
        Set<String> ids = new HashSet<>();
        for (Op op : ops) {
            String where = op.method() + " " + op.path();
            assertThat(op.id()).as(where).isNotBlank().doesNotMatch(".*_\\d+$");
            assertThat(ids.add(op.id())).as("operationId %s of %s is unique", op.id(), where).isTrue();
            assertThat((List<?>) op.operation().get("tags")).as(where).isNotEmpty();
            assertThat((String) op.operation().get("summary")).as(where).isNotBlank();
            assertThat((String) op.operation().get("description")).as(where).isNotBlank();
            if (op.operation().get("requestBody") instanceof Map<?, ?> body) {
                Map<String, Object> json = (Map<String, Object>) ((Map<String, Object>) body.get("content"))
                        .get("application/json");
                assertThat(json).as(where + " has a JSON body").isNotNull();
                assertThat(example(json)).as(where + " has an example").isNotNull();
                assertThat(((Map<String, Object>) json.get("schema")).get("$ref")).as(where + " names its schema")
                        .isNotNull();
            }
            Map<String, Object> refusal = (Map<String, Object>) ((Map<String, Object>) op.operation().get("responses"))
                    .get("default");
            assertThat(refusal).as(where + " documents its refusals").isNotNull();
            assertThat(String.valueOf(refusal.get("content"))).contains("application/problem+json",
                    "#/components/schemas/Problem");
            for (Object p : (List<?>) op.operation().getOrDefault("parameters", List.of())) {
                Map<String, Object> param = (Map<String, Object>) p;
                if ("path".equals(param.get("in"))) {
                    assertThat(param.get("example")).as(where + " path parameter " + param.get("name")).isNotNull();
                }
            }
        }
        // Swagger UI groups by these, not by Java class names
        assertThat(ops).extracting(o -> ((List<?>) o.operation().get("tags")).get(0)).doesNotHave(
                new org.assertj.core.api.Condition<>(t -> String.valueOf(t).endsWith("-controller"), "a class name"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyWriteExampleIsAcceptedByAFreshService() throws InterruptedException {
        List<Op> writes = new ArrayList<>(operations().stream().filter(o -> WRITES.contains(o.method())).toList());
        writes.sort(Comparator.comparingInt((Op o) -> ORDER.contains(o.id()) ? ORDER.indexOf(o.id()) : ORDER.size())
                .thenComparing(Op::id));
        assertThat(writes.stream().map(Op::id)).contains("createResource", "createRule", "moveResource", "putCrs");
        List<String> answers = new ArrayList<>();
        for (Op op : writes) {
            if (op.path().startsWith("/api/v1/sim/resources/")) {
                awaitSimulated("vm:100");
            }
            String path = fill(op);
            String body = null;
            if (op.operation().get("requestBody") instanceof Map<?, ?> rb) {
                body = example((Map<String, Object>) ((Map<String, Object>) rb.get("content")).get("application/json"));
            }
            HttpHeaders headers = new HttpHeaders();
            headers.setContentType(MediaType.APPLICATION_JSON);
            headers.set("Authorization", TestAuth.header());
            ResponseEntity<String> answer = http.exchange(path, HttpMethod.valueOf(op.method().toUpperCase()),
                    new HttpEntity<>(body, headers), String.class);
            int status = answer.getStatusCode().value();
            answers.add(op.id() + " " + status);
            if (status == 404 && ON_MANAGER_OBJECTS.contains(op.id())) {
                assertThat(answer.getBody()).contains("\"type\":\"/problems/not-found\"");
                continue;
            }
            // the example itself must be valid: no bad-request, unprocessable, unknown-path or media-type refusal
            assertThat(status).as("%s %s with %s answered %s", op.method(), path, body, answer.getBody())
                    .isNotIn(400, 404, 405, 415, 422).isLessThan(500);
        }
        // the story's main writes really took effect (not merely "not refused")
        assertThat(answers).contains("createResource 201", "createRule 201", "putCrs 200", "createToken 201",
                "moveResource 202", "askWhatIf 200", "importSetup 200");
    }

    /** The path with its parameters replaced by their examples, and query parameters with examples added. */
    @SuppressWarnings("unchecked")
    private static String fill(Op op) {
        String path = op.path();
        StringBuilder query = new StringBuilder();
        for (Object p : (List<?>) op.operation().getOrDefault("parameters", List.of())) {
            Map<String, Object> param = (Map<String, Object>) p;
            Object example = param.get("example");
            if ("path".equals(param.get("in"))) {
                path = path.replace("{" + param.get("name") + "}", String.valueOf(example));
            } else if ("query".equals(param.get("in")) && example != null) {
                query.append(query.isEmpty() ? "?" : "&").append(param.get("name")).append('=').append(example);
            }
        }
        Matcher left = Pattern.compile("\\{[^}]+}").matcher(path);
        assertThat(left.find()).as("every path parameter of %s has an example", op.path()).isFalse();
        return path + query;
    }

    /** The media type's example as JSON text: the first of {@code examples}, else {@code example}. */
    @SuppressWarnings("unchecked")
    private static String example(Map<String, Object> mediaType) {
        Object value = null;
        if (mediaType.get("examples") instanceof Map<?, ?> examples && !examples.isEmpty()) {
            value = ((Map<String, Object>) examples.values().iterator().next()).get("value");
        } else if (mediaType.containsKey("example")) {
            value = mediaType.get("example");
        }
        if (value == null) {
            return null;
        }
        return value instanceof String s ? s : JSON.writeValueAsString(value);
    }

    /** The simulator knows a resource once a round has placed it (the sim endpoints answer 404 before). */
    @SuppressWarnings("unchecked")
    private void awaitSimulated(String sid) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, Object> status = JSON.readValue(http.getForObject("/api/v1/status", String.class), Map.class);
            boolean seen = ((List<Map<String, Object>>) status.get("resources")).stream()
                    .anyMatch(r -> sid.equals(r.get("sid")) && !"queued".equals(r.get("state")));
            if (seen) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(sid + " never reached the simulated cluster");
    }
}
