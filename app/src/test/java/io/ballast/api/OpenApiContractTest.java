package io.ballast.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.testdb.TestAuth;
import io.ballast.web.ApiDocs;
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
 * when sent in a sensible order, as Swagger UI's "Try it out" would send it. Every answer with a body is typed, and
 * the keys the running service answers are the ones its schemas document.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        // its own context: its story leaves nodes in maintenance, HA disarmed and guests moved
        properties = {"ballast.manager.round-period=100ms", "ballast.cluster.nodes=node1,node2,node3",
                "ballast.test.context=openapi-story"})
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

    /**
     * Every answer with a body is typed: each 2xx response names a schema with properties (or an array of one), so
     * Swagger UI and client generators show fields, not {@code additionalProp1}.
     */
    @Test
    @SuppressWarnings("unchecked")
    void everySuccessfulAnswerHasANamedSchemaWithProperties() {
        Map<String, Object> api = apiDocs();
        int typed = 0;
        for (Op op : operations()) {
            String where = op.method() + " " + op.path();
            Map<String, Object> responses = (Map<String, Object>) op.operation().get("responses");
            List<String> success = responses.keySet().stream().filter(c -> c.startsWith("2")).toList();
            assertThat(success).as(where + " documents its success").isNotEmpty();
            for (String code : success) {
                Map<String, Object> response = (Map<String, Object>) responses.get(code);
                assertThat((String) response.get("description")).as(where + " " + code).isNotBlank();
                if (!(response.get("content") instanceof Map<?, ?> content)) {
                    assertThat(code).as(where + ": only a 204 has no body").isEqualTo("204");
                    continue;
                }
                assertThat(List.copyOf((java.util.Set<String>) content.keySet())).as(where + " " + code)
                        .containsExactly("application/json");
                Map<String, Object> schema = (Map<String, Object>) ((Map<String, Object>) content
                        .get("application/json")).get("schema");
                if ("array".equals(schema.get("type"))) {
                    schema = (Map<String, Object>) schema.get("items");
                }
                assertThat(schema.get("$ref")).as(where + " " + code + " names its schema, got " + schema).isNotNull();
                Map<String, Object> named = resolve(api, schema);
                assertThat((Map<String, Object>) named.get("properties")).as(where + " " + code + " has properties")
                        .isNotEmpty();
                // an example of the whole answer uses only the schema's keys too
                documented(api, named, named.get("example"), "example of " + schema.get("$ref"), new ArrayList<>());
                typed++;
            }
        }
        assertThat(typed).isGreaterThan(35);
    }

    /**
     * The schemas describe what the service really answers: every key of a real answer (and of its nested objects
     * that have a schema of their own) is documented, on a service with a placed resource, a rule, a command, an
     * audit trail and a token. Catches a key added to a controller's map without its line in ApiResponses.
     */
    @Test
    @SuppressWarnings("unchecked")
    void realAnswersUseOnlyDocumentedKeys() throws InterruptedException {
        Map<String, Object> api = apiDocs();
        List<String> checked = new ArrayList<>();
        // the writes' answers too, each against its operation's success schema
        write(api, checked, "POST", "/api/v1/resources", "{\"sid\": \"vm:300\", \"comment\": \"drift check\"}", 201);
        write(api, checked, "POST", "/api/v1/rules", "{\"rule\": \"drift-on-node1\", \"type\": \"node-affinity\","
                + " \"resources\": \"vm:300\", \"nodes\": \"node1\"}", 201);
        write(api, checked, "POST", "/api/v1/tokens", "{\"name\": \"drift\", \"role\": \"viewer\"}", 201);
        write(api, checked, "POST", "/api/v1/nodes/{node}/maintenance", null, 200);
        try {
            awaitSimulated("vm:300");
            awaitStatus("node3 draining", status -> ((List<Map<String, Object>>) status.get("nodes")).stream()
                    .anyMatch(n -> "node3".equals(n.get("node")) && n.containsKey("drain")));
            write(api, checked, "POST", "/api/v1/what-if", "{\"fail\": [\"node1\"]}", 200);
            write(api, checked, "POST", "/api/v1/import", ApiDocs.IMPORT_EXAMPLE, 200);
            write(api, checked, "PUT", "/api/v1/crs", "{\"max_workers\": 4}", 200);
            // outside node1:2's best class of a non-strict rule: queued with a warning
            write(api, checked, "POST", "/api/v1/resources/{sid}/{command}", "{\"node\": \"node2\"}", 202);
            write(api, checked, "POST", "/api/v1/status/disarm-ha", "{\"resource-mode\": \"freeze\"}", 200);
            write(api, checked, "POST", "/api/v1/status/arm-ha", null, 200);
            // simulator writes that change nothing: the network is on, no failures injected
            write(api, checked, "POST", "/api/v1/sim/nodes/{node}/network", "{\"state\": \"on\"}", 200);
            write(api, checked, "POST", "/api/v1/sim/resources/{sid}/fail", "{\"start\": 0}", 200);
            checkAnswers(api, checked);
        } finally {
            // the other test's story expects every node online
            call("DELETE", "/api/v1/nodes/node3/maintenance", null, 200);
        }
    }

    @SuppressWarnings("unchecked")
    private void checkAnswers(Map<String, Object> api, List<String> checked) {
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) api.get("paths");
        for (String path : List.of("/api/v1/status", "/api/v1/status/history", "/api/v1/resources",
                "/api/v1/resources/{sid}", "/api/v1/rules", "/api/v1/rules/{id}", "/api/v1/crs", "/api/v1/nodes",
                "/api/v1/proposals", "/api/v1/audit", "/api/v1/commands", "/api/v1/rule-base", "/api/v1/tokens",
                "/api/v1/session", "/api/v1/resources/{sid}/placement", "/api/v1/sim/log")) {
            Map<String, Object> op = (Map<String, Object>) paths.get(path).get("get");
            Map<String, Object> schema = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                    ((Map<String, Object>) ((Map<String, Object>) op.get("responses")).get("200")).get("content"))
                    .get("application/json")).get("schema");
            String real = path.replace("{sid}", "vm:300").replace("{id}", "drift-on-node1");
            Object answer = JSON.readValue(call("GET", real, null, 200), Object.class);
            documented(api, schema, answer, real, checked);
        }
        // the nested objects were reached, not only the top levels
        assertThat(checked).contains("/api/v1/status.nodes[].drain", "/api/v1/status.resources[].last_decision",
                "/api/v1/status.crs", "/api/v1/status.events[]", "/api/v1/audit.events[]",
                "/api/v1/resources/vm:300/placement.nodes[]", "/api/v1/rules[]", "/api/v1/tokens[]",
                "/api/v1/status/history.rounds[]", "POST /api/v1/tokens", "POST /api/v1/what-if.moves[]",
                "POST /api/v1/import.crs", "POST /api/v1/import.crs_changes[]", "PUT /api/v1/crs",
                "POST /api/v1/resources/vm:300/migrate", "POST /api/v1/status/disarm-ha", "POST /api/v1/status/arm-ha",
                "POST /api/v1/sim/nodes/node3/network", "POST /api/v1/sim/resources/vm:300/fail", "/api/v1/sim/log");
    }

    /** Sends a write (path parameters: vm:300, node3) and checks its answer against the documented schema. */
    private void write(Map<String, Object> api, List<String> checked, String method, String template, String body,
                       int expected) {
        String path = template.replace("{sid}", "vm:300").replace("{node}", "node3").replace("{command}", "migrate");
        String answer = call(method, path, body, expected);
        checked.addAll(documentedAnswer(api, method, template, expected, JSON.readValue(answer, Object.class),
                method + " " + path));
    }

    /**
     * Checks that every key of a real answer (nested objects included) is in the schema the API description gives
     * for this operation and status; returns the places checked. Other API tests call it on answers they produce
     * (a proposal needs a driven cluster).
     */
    @SuppressWarnings("unchecked")
    static List<String> documentedAnswer(Map<String, Object> api, String method, String template, int status,
                                         Object answer, String where) {
        Map<String, Object> op = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) api.get("paths"))
                .get(template)).get(method.toLowerCase());
        Map<String, Object> response = (Map<String, Object>) ((Map<String, Object>) op.get("responses"))
                .get(String.valueOf(status));
        assertThat(response).as("%s %s documents %s", method, template, status).isNotNull();
        Map<String, Object> schema = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                response.get("content")).get("application/json")).get("schema");
        List<String> checked = new ArrayList<>();
        documented(api, schema, answer, where, checked);
        return checked;
    }

    /** Every key of {@code value} is a property of {@code schema}, recursively where the schema is named. */
    @SuppressWarnings("unchecked")
    private static void documented(Map<String, Object> api, Map<String, Object> schema, Object value, String where,
                                   List<String> checked) {
        if (value == null || schema == null) {
            return;
        }
        if (schema.containsKey("$ref")) {
            schema = resolve(api, schema);
        }
        if (value instanceof List<?> list) {
            for (Object item : list) {
                documented(api, (Map<String, Object>) schema.get("items"), item, where + "[]", checked);
            }
            return;
        }
        if (!(value instanceof Map<?, ?> map)) {
            return;
        }
        Map<String, Object> properties = (Map<String, Object>) schema.get("properties");
        if (properties == null) {
            // a map keyed by name (node → answers): its values have the additionalProperties schema
            if (schema.get("additionalProperties") instanceof Map<?, ?> values && !values.isEmpty()) {
                map.forEach((k, v) -> documented(api, (Map<String, Object>) values, v, where + "{}", checked));
            }
            return;
        }
        checked.add(where);
        assertThat(properties.keySet()).as("%s answers keys its schema does not document", where)
                .containsAll((java.util.Collection<String>) map.keySet());
        for (var e : ((Map<String, Object>) map).entrySet()) {
            documented(api, (Map<String, Object>) properties.get(e.getKey()), e.getValue(), where + "." + e.getKey(),
                    checked);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> resolve(Map<String, Object> api, Map<String, Object> ref) {
        String name = ((String) ref.get("$ref")).replace("#/components/schemas/", "");
        Map<String, Object> schema = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) api
                .get("components")).get("schemas")).get(name);
        assertThat(schema).as("schema " + name).isNotNull();
        return schema;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> apiDocs() {
        return JSON.readValue(http.getForObject("/v3/api-docs", String.class), Map.class);
    }

    private String call(String method, String path, String body, int expected) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.set("Authorization", TestAuth.header());
        ResponseEntity<String> answer = http.exchange(path, HttpMethod.valueOf(method), new HttpEntity<>(body, headers),
                String.class);
        assertThat(answer.getStatusCode().value()).as("%s %s: %s", method, path, answer.getBody()).isEqualTo(expected);
        return answer.getBody();
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
        awaitStatus(sid + " placed", status -> ((List<Map<String, Object>>) status.get("resources")).stream()
                .anyMatch(r -> sid.equals(r.get("sid")) && !"queued".equals(r.get("state"))));
    }

    private void awaitStatus(String what, java.util.function.Predicate<Map<String, Object>> done)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            @SuppressWarnings("unchecked")
            Map<String, Object> status = JSON.readValue(call("GET", "/api/v1/status", null, 200), Map.class);
            if (done.test(status)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(what + ": not in the status within 30 s");
    }
}
