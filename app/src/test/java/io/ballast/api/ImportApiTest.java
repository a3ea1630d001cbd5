package io.ballast.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

@SuppressWarnings("unchecked")
class ImportApiTest extends ApiTestBase {

    private static final String RESOURCES = """
            vm: 101
            \tstate started
            \tmax_restart 2

            vm: 102
            \tcomment web front

            ct: 103
            \tstate stopped
            """;
    private static final String RULES = """
            node-affinity: prefer-node1
            \tresources ct:103
            \tnodes node1:2,node2:1

            resource-affinity: keep-apart
            \tresources vm:101,vm:102
            \taffinity negative
            """;
    private static final String DATACENTER = "keyboard: en-us\ncrs: ha=static,ha-rebalance-on-start=1\n";

    @BeforeEach
    void clean() {
        emptyConfiguration();
    }

    private ResponseEntity<String> importJson(Map<String, Object> body) {
        return call(HttpMethod.POST, "/api/v1/import", JSON.writeValueAsString(body), null);
    }

    @Test
    void importsResourcesRulesAndCrsSettingsInOneGo() {
        ResponseEntity<String> r = importJson(Map.of("resources_cfg", RESOURCES, "rules_cfg", RULES, "datacenter_cfg", DATACENTER));
        assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
        Map<String, Object> body = map(r);
        assertThat((List<Object>) body.get("created_resources")).containsExactly("vm:101", "vm:102", "ct:103");
        assertThat((List<Object>) body.get("created_rules")).containsExactly("prefer-node1", "keep-apart");
        assertThat(jdbc.queryForObject("SELECT max_restart FROM ha_resource WHERE sid = 'vm:101'", Integer.class)).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT ha FROM crs_settings WHERE id = 1", String.class)).isEqualTo("static");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event", Integer.class)).isGreaterThanOrEqualTo(6);

        // a second import of the same files changes nothing and says why
        Map<String, Object> again = map(importJson(Map.of("resources_cfg", RESOURCES, "rules_cfg", RULES)));
        assertThat((List<?>) again.get("created_resources")).isEmpty();
        assertThat((List<Object>) again.get("skipped")).contains("vm:101: already configured", "rule keep-apart: already configured");
    }

    @Test
    void theAnswerListsTheCrsSettingsTheCrsLineChanges() {
        // Proxmox's defaults but automatic rebalancing on (other tests of this context may have changed some)
        assertThat(call(HttpMethod.PUT, "/api/v1/crs", "{\"ha\": \"basic\", \"ha-auto-rebalance\": true, "
                + "\"ha-rebalance-on-start\": false, \"ha-auto-rebalance-threshold\": 30, \"ha-auto-rebalance-method\": "
                + "\"bruteforce\", \"ha-auto-rebalance-hold-duration\": 3, \"ha-auto-rebalance-margin\": 10}", null)
                .getStatusCode().value()).isEqualTo(200);
        // a crs: line without ha-auto-rebalance sets it to Proxmox's default (off): the answer says so, dry run too
        Map<String, Object> body = map(importJson(Map.of("datacenter_cfg", "crs: ha=static,ha-rebalance-on-start=1\n",
                "dry_run", true)));
        assertThat((List<Object>) body.get("crs_changes")).containsExactly(
                Map.of("setting", "ha", "from", "basic", "to", "static"),
                Map.of("setting", "ha-rebalance-on-start", "from", false, "to", true),
                Map.of("setting", "ha-auto-rebalance", "from", true, "to", false));
        assertThat(jdbc.queryForObject("SELECT auto_rebalance FROM crs_settings WHERE id = 1", Boolean.class)).isTrue();
        // nothing changes: nothing listed
        Map<String, Object> same = map(importJson(Map.of("datacenter_cfg", "crs: ha=basic,ha-auto-rebalance=1\n")));
        assertThat((List<Object>) same.get("crs_changes")).isEmpty();
        jdbc.update("UPDATE crs_settings SET auto_rebalance = false WHERE id = 1");
    }

    @Test
    void aDryRunReportsButKeepsNothing() {
        Map<String, Object> body = map(importJson(Map.of("resources_cfg", RESOURCES, "rules_cfg", RULES, "dry_run", true)));
        assertThat(body.get("dry_run")).isEqualTo(true);
        assertThat((List<Object>) body.get("created_rules")).hasSize(2);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ha_resource", Integer.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ha_rule", Integer.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event", Integer.class)).isZero();
    }

    @Test
    void oneBadItemRollsTheWholeImportBackAndIsNamed() {
        String badRules = RULES + "\nnode-affinity: to-nowhere\n\tresources vm:102\n\tnodes node9\n";
        ResponseEntity<String> r = importJson(Map.of("resources_cfg", RESOURCES, "rules_cfg", badRules));
        assertProblem(r, 400, "rules_cfg[to-nowhere].nodes");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ha_resource", Integer.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ha_rule", Integer.class)).isZero();

        assertProblem(importJson(Map.of("rules_cfg", "node-affinity foo\n")), 400, "rules_cfg");
        assertProblem(importJson(Map.of()), 400, "resources_cfg");
        assertProblem(importJson(Map.of("resources_cfg", RESOURCES, "dry_run", "yes")), 400, "dry_run");
        assertProblem(importJson(Map.of("resources", RESOURCES)), 400, "resources");
    }
}
