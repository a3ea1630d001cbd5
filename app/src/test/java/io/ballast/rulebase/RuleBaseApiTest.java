package io.ballast.rulebase;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.rules.engine.DrlSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/** GET /rule-base and POST /rule-base/reload on a configured DRL directory. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ballast.db.embedded.data-dir=", "ballast.rules.poll-interval=0", "ballast.manager.round-period=1h"})
@AutoConfigureTestRestTemplate
class RuleBaseApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path DIR = copyOfPackagedRules();

    @DynamicPropertySource
    static void rulesDir(DynamicPropertyRegistry registry) {
        registry.add("ballast.rules.dir", DIR::toString);
    }

    @Autowired
    TestRestTemplate http;

    @Test
    @SuppressWarnings("unchecked")
    void aBrokenFileIsRefusedWith422FileAndLineAndTheOldVersionStays() throws IOException {
        Map<String, Object> before = http.getForObject("/api/v1/rule-base", Map.class);
        assertThat(before.get("directory")).isEqualTo(DIR.toAbsolutePath().normalize().toString());
        assertThat((List<String>) before.get("files")).contains("io/ballast/rules/validation/references.drl");

        Path custom = DIR.resolve("custom.drl");
        Files.writeString(custom, "package io.ballast.rules.custom;\n\nrule \"broken\"\nwhen\n    accumulate(\nthen\nend\n");
        ResponseEntity<String> refused = http.postForEntity("/api/v1/rule-base/reload", null, String.class);
        assertThat(refused.getStatusCode().value()).as(refused.getBody()).isEqualTo(422);
        assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        Map<String, Object> problem = JSON.readValue(refused.getBody(), Map.class);
        assertThat(problem).containsEntry("type", "/problems/drl-compilation").containsEntry("active_version", before.get("version"));
        Map<String, Object> error = ((List<Map<String, Object>>) problem.get("errors")).get(0);
        assertThat(error).containsEntry("file", "custom.drl");
        assertThat((Integer) error.get("line")).isPositive();
        Map<String, Object> still = http.getForObject("/api/v1/rule-base", Map.class);
        assertThat(still.get("version")).isEqualTo(before.get("version"));
        assertThat((Map<String, Object>) still.get("last_reload")).containsEntry("ok", false);
        // the rules API keeps validating with the old rules
        assertThat(http.getForEntity("/api/v1/rules", String.class).getStatusCode().value()).isEqualTo(200);

        Files.writeString(custom, "package io.ballast.rules.custom;\n\nrule \"fixed\"\nwhen\n    eval(false)\nthen\nend\n");
        Map<String, Object> reloaded = http.postForObject("/api/v1/rule-base/reload", null, Map.class);
        assertThat(reloaded).containsEntry("changed", true);
        assertThat(reloaded.get("version")).isNotEqualTo(before.get("version"));
        assertThat((List<String>) reloaded.get("files")).contains("custom.drl");
    }

    @Autowired
    io.ballast.manager.loop.SimulatedCluster cluster;

    @Test
    @SuppressWarnings("unchecked")
    void aRuleAuthorsExclusionRefusesAUserMigrateAndShowsInThePlacement() throws IOException {
        assertThat(http.postForEntity("/api/v1/resources", json("{\"sid\":\"vm:181\"}"),
                String.class).getStatusCode().value()).isEqualTo(201);
        Path custom = DIR.resolve("site/node2-reserved.drl");
        Files.createDirectories(custom.getParent());
        Files.writeString(custom, """
                package io.ballast.rules.placement;
                import io.ballast.rules.facts.PlacementFactsDrl.UnitFact;
                import io.ballast.rules.facts.PlacementFactsDrl.Excluded;
                rule "site: vm:181 never runs on node2"
                when
                    UnitFact( id == "vm:181", $u : id )
                then
                    insertLogical( new Excluded( $u, "node2", "node2 is reserved for the database tier" ) );
                end
                """);
        try {
            assertThat(http.postForEntity("/api/v1/rule-base/reload", null, String.class).getStatusCode().value())
                    .isEqualTo(200);
            ResponseEntity<String> refused = http.postForEntity("/api/v1/resources/vm:181/migrate",
                    json("{\"node\":\"node2\"}"), String.class);
            assertThat(refused.getStatusCode().value()).as(refused.getBody()).isEqualTo(409);
            assertThat(refused.getBody()).contains("node2 is reserved for the database tier");
            assertThat(http.postForEntity("/api/v1/resources/vm:181/migrate", json("{\"node\":\"node3\"}"),
                    String.class).getStatusCode().value()).isEqualTo(202);

            cluster.live().step();
            cluster.live().step();
            ResponseEntity<String> answer = http.getForEntity("/api/v1/resources/vm:181/placement", String.class);
            assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(200);
            Map<String, Object> placement = JSON.readValue(answer.getBody(), Map.class);
            List<Map<String, Object>> nodes = (List<Map<String, Object>>) placement.get("nodes");
            Map<String, Object> node2 = nodes.stream().filter(n -> n.get("node").equals("node2")).findFirst().orElseThrow();
            assertThat(node2).containsEntry("allowed", false);
            assertThat((List<String>) node2.get("reasons")).containsExactly("node2 is reserved for the database tier");
            assertThat(nodes.stream().filter(n -> n.get("node").equals("node1")).findFirst().orElseThrow())
                    .containsEntry("allowed", true).containsEntry("priority", 0);
            assertThat(placement.get("chosen")).isNotEqualTo("node2");
            assertThat((String) placement.get("decision")).isNotBlank();
            assertThat(placement).containsKeys("preferred_class", "fails_back", "must_move", "return_target");
            assertThat(http.getForEntity("/api/v1/resources/vm:999/placement", String.class).getStatusCode().value())
                    .isEqualTo(404);
        } finally {
            Files.delete(custom);
            http.postForEntity("/api/v1/rule-base/reload", null, String.class);
        }
    }

    private static org.springframework.http.HttpEntity<String> json(String body) {
        org.springframework.http.HttpHeaders headers = new org.springframework.http.HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return new org.springframework.http.HttpEntity<>(body, headers);
    }

    private static Path copyOfPackagedRules() {
        try {
            Path dir = Files.createTempDirectory("ballast-rule-base-test");
            for (DrlSource source : DrlSource.packaged()) {
                Path file = dir.resolve(source.name());
                Files.createDirectories(file.getParent());
                Files.writeString(file, source.content());
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
