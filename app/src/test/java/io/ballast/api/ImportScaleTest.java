package io.ballast.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

/**
 * A large import is stored whole, one audit row per resource. The time it takes is printed as a figure for
 * docs/performance.md ({@code -Dballast.import.scale=N} to try other sizes); it is not asserted.
 */
class ImportScaleTest extends ApiTestBase {

    private static final int RESOURCES = Integer.getInteger("ballast.import.scale", 20_000);
    private static final int RULES = Math.min(RESOURCES / 2, Integer.getInteger("ballast.import.rules", 100));

    @BeforeEach
    void clean() {
        emptyConfiguration();
    }

    @Test
    void twentyThousandResourcesImportInOneTransaction() {
        StringBuilder cfg = new StringBuilder();
        for (int i = 0; i < RESOURCES; i++) {
            cfg.append(i % 2 == 0 ? "vm: " : "ct: ").append(1000 + i).append("\n\tstate started\n\n");
        }
        StringBuilder rules = new StringBuilder();
        for (int i = 0; i < 2 * RULES; i += 2) {
            rules.append("resource-affinity: apart").append(i).append("\n\tresources vm:").append(1000 + i)
                    .append(",ct:").append(1001 + i).append("\n\taffinity negative\n\n");
        }
        long start = System.nanoTime();
        ResponseEntity<String> r = post("/api/v1/import",
                JSON.writeValueAsString(Map.of("resources_cfg", cfg.toString(), "rules_cfg", rules.toString())));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(status(r)).as(r.getBody()).isEqualTo(200);
        System.out.printf("import of %d resources and %d rules: %d ms (%d bytes)%n", RESOURCES, RULES, millis,
                cfg.length() + rules.length());
        assertThat((List<?>) map(r).get("created_resources")).hasSize(RESOURCES);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ha_resource", Integer.class)).isEqualTo(RESOURCES);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ha_rule", Integer.class)).isEqualTo(RULES);
        assertThat(auditRows()).isEqualTo(RESOURCES + RULES);
    }
}
