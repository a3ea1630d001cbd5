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
