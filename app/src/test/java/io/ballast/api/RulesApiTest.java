package io.ballast.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** /api/v1/rules: round trips, field validation, validation by the DRL checks, digest, audit. */
class RulesApiTest extends ApiTestBase {

    @BeforeEach
    void resources() {
        emptyConfiguration();
        for (String sid : List.of("vm:101", "vm:102", "vm:103", "vm:104")) {
            assertThat(status(post("/api/v1/resources", "{\"sid\":\"" + sid + "\"}"))).isEqualTo(201);
        }
    }

    @Test
    void nodeAffinityRoundTripInProxmoxSyntaxWithDigestAndAudit() {
        ResponseEntity<String> created = call(HttpMethod.POST, "/api/v1/rules", "{\"rule\":\"db-prefers-node1\","
                + "\"type\":\"node-affinity\",\"resources\":\"vm:101,102\",\"nodes\":\"node1:2,node2\",\"comment\":\"db\"}", "alice");
        assertThat(status(created)).as(created.getBody()).isEqualTo(201);
        Map<String, Object> rule = map(created);
        assertThat(rule).containsEntry("rule", "db-prefers-node1").containsEntry("resources", "vm:101,vm:102")
                .containsEntry("nodes", "node1:2,node2").containsEntry("strict", false).containsEntry("disable", false)
                .containsEntry("state", "enabled").containsEntry("errors", Map.of()).containsEntry("order", 1);

        String digest = (String) rule.get("digest");
        ResponseEntity<String> updated = call(HttpMethod.PUT, "/api/v1/rules/db-prefers-node1",
                "{\"nodes\":[\"node3:1\",\"node2:5\"],\"strict\":1,\"digest\":\"" + digest + "\"}", "bob");
        assertThat(status(updated)).as(updated.getBody()).isEqualTo(200);
        assertThat(map(updated)).containsEntry("nodes", "node2:5,node3:1").containsEntry("strict", true);
        assertProblem(call(HttpMethod.PUT, "/api/v1/rules/db-prefers-node1", "{\"comment\":\"x\",\"digest\":\"" + digest + "\"}", null),
                409, "digest");
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setIfMatch("\"" + digest + "\"");
        assertProblem(http.exchange("/api/v1/rules/db-prefers-node1", HttpMethod.PUT,
                new HttpEntity<>("{\"comment\":\"y\"}", headers), String.class), 409, "digest");

        ResponseEntity<String> got = call(HttpMethod.GET, "/api/v1/rules/db-prefers-node1", null, null);
        assertThat(got.getHeaders().getETag()).isEqualTo("\"" + map(got).get("digest") + "\"");
        assertThat(map(got)).containsEntry("comment", "db").containsEntry("nodes", "node2:5,node3:1");
        assertThat(jdbc.queryForList("SELECT node || ':' || priority FROM ha_rule_node ORDER BY node", String.class))
                .containsExactly("node2:5", "node3:1");

        assertThat(status(call(HttpMethod.DELETE, "/api/v1/rules/db-prefers-node1", null, "carol"))).isEqualTo(204);
        assertProblem(call(HttpMethod.GET, "/api/v1/rules/db-prefers-node1", null, null), 404, null);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ha_rule_resource", Integer.class)).isZero();
        assertThat(jdbc.queryForList("SELECT actor || '/' || operation FROM audit_event WHERE entity_type = 'rule' ORDER BY id",
                String.class)).containsExactly("alice/create", "bob/update", "carol/delete");
        assertThat(jdbc.queryForObject("SELECT before->>'nodes' || ' -> ' || (after->>'nodes') FROM audit_event"
                + " WHERE entity_type = 'rule' AND operation = 'update'", String.class)).isEqualTo("node1:2,node2 -> node2:5,node3:1");
    }

    @Test
    void badFieldsAreNamedAndNothingIsStored() {
        assertProblem(post("/api/v1/rules", "{\"rule\":\"1bad\",\"type\":\"node-affinity\",\"resources\":\"vm:101\",\"nodes\":\"node1\"}"), 400, "rule");
        assertProblem(post("/api/v1/rules", "{\"rule\":\"r1\",\"type\":\"group\",\"resources\":\"vm:101\"}"), 400, "type");
        assertProblem(post("/api/v1/rules", "{\"rule\":\"r1\",\"type\":\"node-affinity\",\"resources\":\"vm:999\",\"nodes\":\"node1\"}"), 400, "resources");
        assertProblem(post("/api/v1/rules", "{\"rule\":\"r1\",\"type\":\"node-affinity\",\"resources\":\"vm:07\",\"nodes\":\"node1\"}"), 400, "resources");
        assertProblem(post("/api/v1/rules", "{\"rule\":\"r1\",\"type\":\"node-affinity\",\"resources\":\"vm:101\",\"nodes\":\"node9\"}"), 400, "nodes");
        assertProblem(post("/api/v1/rules", "{\"rule\":\"r1\",\"type\":\"node-affinity\",\"resources\":\"vm:101\",\"nodes\":\"node1:-1\"}"), 400, "nodes");
        assertProblem(post("/api/v1/rules", "{\"rule\":\"r1\",\"type\":\"node-affinity\",\"resources\":\"vm:101\"}"), 400, "nodes");
        assertProblem(post("/api/v1/rules", "{\"rule\":\"r1\",\"type\":\"resource-affinity\",\"resources\":\"vm:101,vm:102\",\"affinity\":\"apart\"}"), 400, "affinity");
        assertProblem(post("/api/v1/rules", "{\"rule\":\"r1\",\"type\":\"resource-affinity\",\"resources\":\"vm:101,vm:102\","
                + "\"affinity\":\"negative\",\"strict\":true}"), 400, "strict");
        assertProblem(post("/api/v1/rules", "{\"rule\":\"r1\",\"type\":\"node-affinity\",\"resources\":\"vm:101\",\"nodes\":\"node1\",\"order\":-2}"), 400, "order");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ha_rule", Integer.class)).isZero();

        assertThat(status(post("/api/v1/rules", "{\"rule\":\"r1\",\"type\":\"node-affinity\",\"resources\":\"vm:101\",\"nodes\":\"node1\"}"))).isEqualTo(201);
        assertProblem(post("/api/v1/rules", "{\"rule\":\"r1\",\"type\":\"node-affinity\",\"resources\":\"vm:102\",\"nodes\":\"node1\"}"), 409, "rule");
        assertProblem(call(HttpMethod.PUT, "/api/v1/rules/r1", "{\"type\":\"resource-affinity\"}", null), 400, "type");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE entity_type = 'rule'", Integer.class)).isEqualTo(1);
    }

    @Test
    void aWriteTheChecksWouldDropIsRefusedWithTheChecksReason() {
        assertThat(status(post("/api/v1/rules", "{\"rule\":\"na1\",\"type\":\"node-affinity\",\"resources\":\"vm:101\",\"nodes\":\"node1\"}"))).isEqualTo(201);
        // check 1: one resource in two node affinity rules
        ResponseEntity<String> twice = post("/api/v1/rules", "{\"rule\":\"na2\",\"type\":\"node-affinity\",\"resources\":\"vm:101,vm:102\",\"nodes\":\"node2\"}");
        assertProblem(twice, 400, "resources");
        assertThat(map(twice).get("detail")).asString().contains("check-1", "already used in another node affinity rule");
        // check 2: a resource affinity rule with one resource
        ResponseEntity<String> lonely = post("/api/v1/rules", "{\"rule\":\"ra1\",\"type\":\"resource-affinity\",\"resources\":\"vm:103\",\"affinity\":\"positive\"}");
        assertProblem(lonely, 400, "resources");
        assertThat(map(lonely).get("detail")).asString().contains("check-2", "less than two resources");
        // check 3: keep four apart on three nodes
        assertProblem(post("/api/v1/rules", "{\"rule\":\"ra2\",\"type\":\"resource-affinity\",\"resources\":\"vm:101,vm:102,vm:103,vm:104\","
                + "\"affinity\":\"negative\"}"), 400, "resources");
        // an update that would conflict is refused too, and the stored rule stays as it was
        assertThat(status(post("/api/v1/rules", "{\"rule\":\"na3\",\"type\":\"node-affinity\",\"resources\":\"vm:104\",\"nodes\":\"node3\"}"))).isEqualTo(201);
        assertProblem(call(HttpMethod.PUT, "/api/v1/rules/na3", "{\"resources\":\"vm:101,vm:104\"}", null), 400, "resources");
        assertThat(map(call(HttpMethod.GET, "/api/v1/rules/na3", null, null))).containsEntry("resources", "vm:104");
        assertThat(jdbc.queryForList("SELECT id FROM ha_rule ORDER BY id", String.class)).containsExactly("na1", "na3");
    }

    @Test
    void aNewRuleThatWouldDropAKeptRuleIsRefused() {
        assertThat(status(post("/api/v1/rules", "{\"rule\":\"together\",\"type\":\"resource-affinity\",\"resources\":\"vm:101,vm:102\","
                + "\"affinity\":\"positive\"}"))).isEqualTo(201);
        // check 4 drops the positive rule as well; the new rule is disabled, so only the effect on 'together' counts
        ResponseEntity<String> apart = post("/api/v1/rules", "{\"rule\":\"apart\",\"type\":\"resource-affinity\","
                + "\"resources\":\"vm:101,vm:102\",\"affinity\":\"negative\"}");
        assertProblem(apart, 400, "resources");
        assertThat(map(apart).get("detail")).asString().contains("check-4");
        assertThat(jdbc.queryForList("SELECT id FROM ha_rule", String.class)).containsExactly("together");
    }

    @Test
    void listShowsDroppedRulesAsIgnoredWithTheirErrorsAndLintWarnings() {
        // rules stored behind the API's back (e.g. by an older version) can still conflict
        jdbc.update("INSERT INTO ha_rule (id, type, strict, sort_order) VALUES ('aa', 'node-affinity', false, 1), ('bb', 'node-affinity', false, 2)");
        jdbc.update("INSERT INTO ha_rule_resource (rule_id, sid) VALUES ('aa', 'vm:101'), ('bb', 'vm:101')");
        jdbc.update("INSERT INTO ha_rule_node (rule_id, node) VALUES ('aa', 'node1'), ('bb', 'node2')");
        assertThat(status(post("/api/v1/rules", "{\"rule\":\"pinned\",\"type\":\"node-affinity\",\"resources\":\"vm:103\","
                + "\"nodes\":\"node3\",\"strict\":true}"))).isEqualTo(201);
        assertThat(status(post("/api/v1/rules", "{\"rule\":\"off\",\"type\":\"resource-affinity\",\"resources\":\"vm:103\","
                + "\"affinity\":\"positive\",\"disable\":true}"))).isEqualTo(201);

        List<Map<String, Object>> rules = list(call(HttpMethod.GET, "/api/v1/rules", null, null));
        assertThat(rules).extracting(r -> r.get("rule") + "=" + r.get("state"))
                .containsExactly("aa=ignored (conflicts)", "bb=ignored (conflicts)", "pinned=enabled", "off=disabled");
        assertThat(asMap(rules.get(0).get("errors"))).containsOnlyKeys("check-1");
        assertThat(asMap(rules.get(0).get("errors")).get("check-1")).asString().contains("vm:101");
        assertThat(asMap(rules.get(2).get("errors"))).isEmpty();
        assertThat(asMap(rules.get(2).get("warnings"))).containsKey("strict-single-node");
    }

    @Test
    void purgingAResourceEditsTheRuleTablesTheApiReads() {
        assertThat(status(post("/api/v1/rules", "{\"rule\":\"pair\",\"type\":\"resource-affinity\",\"resources\":\"vm:101,vm:102,vm:103\","
                + "\"affinity\":\"negative\"}"))).isEqualTo(201);
        assertThat(status(call(HttpMethod.DELETE, "/api/v1/resources/vm:101", null, null))).isEqualTo(204);
        assertThat(map(call(HttpMethod.GET, "/api/v1/rules/pair", null, null))).containsEntry("resources", "vm:102,vm:103");
        call(HttpMethod.DELETE, "/api/v1/resources/vm:102", null, null);
        assertThat(map(call(HttpMethod.GET, "/api/v1/rules/pair", null, null))).containsEntry("state", "ignored (conflicts)");
        call(HttpMethod.DELETE, "/api/v1/resources/vm:103", null, null);
        assertProblem(call(HttpMethod.GET, "/api/v1/rules/pair", null, null), 404, null);
    }
}
