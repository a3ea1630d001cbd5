package io.ballast.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.core.Decision;
import io.ballast.manager.loop.SimulatedCluster;
import io.ballast.manager.store.ManagerStore;
import io.ballast.security.Role;
import io.ballast.testdb.TestAuth;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Decisions in the log and metrics on /actuator/prometheus, on the simulated cluster driven round by round
 * ({@code step()}; the clock's period is an hour, so only the test advances it): a round's decisions give one line
 * each once committed, a rolled-back round none; a refused command one line; the scrape shows the round, decision,
 * fence, recovery and migration metrics and the gauges.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ballast.db.embedded.data-dir=", "ballast.manager.round-period=1h",
            "ballast.cluster.nodes=node1,node2,node3"})
@AutoConfigureTestRestTemplate
@AutoConfigureMetrics
@ExtendWith(OutputCaptureExtension.class)
class ObservabilityTest {

    @Autowired
    TestRestTemplate http;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    SimulatedCluster cluster;
    @Autowired
    ManagerStore store;
    @Autowired
    TransactionTemplate tx;

    private ResponseEntity<String> post(String path, String json) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.postForEntity(path, new HttpEntity<>(json, headers), String.class);
    }

    /** Steps the simulated cluster until {@code probe} answers (at most 600 rounds). */
    private <T> T stepUntil(String what, Supplier<T> probe) {
        for (int i = 0; i < 600; i++) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            cluster.live().step();
        }
        throw new AssertionError("no " + what + " after 600 rounds");
    }

    private String startedOn(String sid) {
        List<String> nodes = jdbc.queryForList("SELECT node FROM service_status WHERE sid = ? AND state = 'started'"
                + " AND running", String.class, sid);
        return nodes.isEmpty() ? null : nodes.get(0);
    }

    private static List<String> lines(CapturedOutput out, String regex) {
        Pattern p = Pattern.compile(regex);
        return out.getAll().lines().filter(l -> p.matcher(l).find()).toList();
    }

    @Test
    void eachCommittedDecisionGetsOneLineInTheDocumentedFormat(CapturedOutput out) {
        assertThat(post("/api/v1/resources", "{\"sid\":\"vm:100\",\"state\":\"started\"}").getStatusCode())
                .isEqualTo(HttpStatus.CREATED);
        String first = stepUntil("vm:100 running", () -> startedOn("vm:100"));
        assertThat(lines(out, "io\\.ballast\\.decision\\s*: decision round=\\d+ kind=start subject=vm:100 action=\""
                + "request_start -> started\" from=" + first + " to=" + first + " trigger=state-machine reason=\""))
                .hasSize(1);

        String to = first.equals("node1") ? "node2" : "node1";
        assertThat(post("/api/v1/resources/vm:100/migrate", "{\"node\":\"" + to + "\"}").getStatusCode())
                .isEqualTo(HttpStatus.ACCEPTED);
        stepUntil("vm:100 migrated", () -> to.equals(startedOn("vm:100")) ? to : null);
        List<String> migrate = lines(out, "decision round=(\\d+) kind=migrate subject=vm:100 action=\"started -> "
                + "migrate\" from=" + first + " to=" + to + " trigger=state-machine reason=\"[^\"]*\"$");
        assertThat(migrate).hasSize(1);
        // the line names the round of its audit row
        Matcher m = Pattern.compile("round=(\\d+)").matcher(migrate.get(0));
        assertThat(m.find()).isTrue();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE kind = 'decision' AND entity_id = 'vm:100'"
                + " AND explanation->>'action' = 'started -> migrate' AND round = ?", Integer.class,
                Long.parseLong(m.group(1)))).isEqualTo(1);
        // as many lines as audit rows for this resource
        assertThat(lines(out, "decision round=\\d+ kind=\\S+ subject=vm:100 ")).hasSize(jdbc.queryForObject(
                "SELECT count(*) FROM audit_event WHERE kind = 'decision' AND entity_id = 'vm:100'", Integer.class));

        // a command the API refuses (409) gets a line at once
        assertThat(post("/api/v1/resources", "{\"sid\":\"vm:101\",\"state\":\"ignored\"}").getStatusCode())
                .isEqualTo(HttpStatus.CREATED);
        assertThat(post("/api/v1/resources/vm:101/migrate", "{\"node\":\"node2\"}").getStatusCode())
                .isEqualTo(HttpStatus.CONFLICT);
        assertThat(lines(out, "decision round=- kind=refused subject=vm:101 action=\"refuse migrate\" from=- to=node2"
                + " trigger=api reason=\"resource vm:101 is ignored; [^\"]*\" actor=" + TestAuth.ADMIN_NAME + "$"))
                .hasSize(1);
    }

    @Test
    void aRolledBackRoundLogsAndCountsNothing(CapturedOutput out) {
        double rolledBack = metric(scrape(TestAuth.ADMIN_TOKEN), "ballast_rounds_rolled_back_total", "");
        var status = cluster.live().snapshot().managerStatus();
        Decision probe = new Decision("vm:999", "state-machine", "started -> migrate", "rolled-back probe",
                new Decision.Place("started", "node1", null), new Decision.Place("migrate", "node1", "node2"),
                List.of(), List.of());
        tx.executeWithoutResult(s -> {
            long round = store.persist(status, 1);
            store.auditDecision(round, "probe", "node1", 0, probe, status, status);
            s.setRollbackOnly();
        });
        assertThat(out.getAll()).doesNotContain("rolled-back probe");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE entity_id = 'vm:999'", Integer.class))
                .isZero();
        assertThat(metric(scrape(TestAuth.ADMIN_TOKEN), "ballast_rounds_rolled_back_total", ""))
                .isEqualTo(rolledBack + 1);
    }

    @Test
    void prometheusShowsRoundsDecisionsFencesRecoveriesAndGauges(CapturedOutput out) {
        assertThat(post("/api/v1/resources", "{\"sid\":\"vm:200\",\"state\":\"started\"}").getStatusCode())
                .isEqualTo(HttpStatus.CREATED);
        String first = stepUntil("vm:200 running", () -> startedOn("vm:200"));
        assertThat(post("/api/v1/sim/nodes/" + first + "/power", "{\"state\":\"off\"}").getStatusCode())
                .isEqualTo(HttpStatus.OK);
        try {
            String second = stepUntil("vm:200 recovered", () -> {
                String n = startedOn("vm:200");
                return n != null && !n.equals(first) ? n : null;
            });
            assertThat(lines(out, "decision round=\\d+ kind=fence subject=" + first + " action=\"\\S+ -> fence\""))
                    .hasSize(1);
            assertThat(lines(out, "decision round=\\d+ kind=recovery subject=vm:200 action=\"recover to " + second
                    + "\" from=" + first + " to=" + second + " trigger=fence-acknowledged ")).hasSize(1);

            String body = scrape(TestAuth.ADMIN_TOKEN);
            assertThat(metric(body, "ballast_round_duration_seconds_count", "")).isPositive();
            assertThat(metric(body, "ballast_round_duration_seconds_sum", "")).isPositive().isLessThan(600);
            assertThat(metric(body, "ballast_round_duration_seconds_bucket", "le=\"10.0\"")).isPositive();
            assertThat(metric(body, "ballast_decisions_total", "kind=\"start\"")).isPositive();
            assertThat(metric(body, "ballast_decisions_total", "kind=\"rebalance\"")).isZero();
            assertThat(metric(body, "ballast_fences_total", "")).isGreaterThanOrEqualTo(1);
            assertThat(metric(body, "ballast_recoveries_total", "")).isGreaterThanOrEqualTo(1);
            assertThat(metric(body, "ballast_migrations_total", "action=\"migrate\"")).isGreaterThanOrEqualTo(0);
            assertThat(metric(body, "ballast_commands_refused_total", "command=\"migrate\"")).isGreaterThanOrEqualTo(0);
            assertThat(metric(body, "ballast_leader", "")).isEqualTo(1);
            assertThat(metric(body, "ballast_commands_queued", "")).isZero();
            assertThat(metric(body, "ballast_imbalance", "")).isBetween(0.0, 10.0);
            assertThat(metric(body, "ballast_imbalance_threshold", "")).isBetween(0.0, 10.0);
            assertThat(body).containsPattern("(?m)^ballast_rule_base\\{packaged=\"true\",version=\"drl-[0-9a-f]{16}/rules-"
                    + "[0-9a-f]{12}\"} 1\\.0$");
            assertThat(body).contains("# TYPE ballast_round_duration_seconds histogram",
                    "# TYPE ballast_decisions_total counter", "# TYPE ballast_imbalance gauge");
            // the Grafana dashboard and the metrics table of docs/operations.md name only metrics the service serves
            for (String doc : List.of("../deploy/grafana-dashboard.json", "../docs/operations.md")) {
                Matcher names = Pattern.compile("ballast_[a-z_]+").matcher(read(doc));
                while (names.find()) {
                    String name = names.group();
                    if (!name.equals("ballast_actions_failed_total")) {   // appears with the first failed task
                        assertThat(body).as(doc + " names " + name).containsPattern("(?m)^(# TYPE )?" + name + "[ {]");
                    }
                }
            }
        } finally {
            post("/api/v1/sim/nodes/" + first + "/power", "{\"state\":\"on\"}");
        }
    }

    @Test
    void prometheusNeedsAViewerToken() {
        HttpHeaders none = new HttpHeaders();
        none.setBearerAuth("blst_000000000000_" + "x".repeat(43));
        assertThat(http.exchange("/actuator/prometheus", HttpMethod.GET, new HttpEntity<>(none), String.class)
                .getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        String viewer = TestAuth.tokenFor(jdbc, "prometheus", Role.VIEWER);
        assertThat(scrape(viewer)).contains("ballast_leader");
        assertThat(http.getForEntity("/actuator/health", Map.class).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    private static String read(String path) {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of(path));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String scrape(String token) {
        HttpHeaders h = new HttpHeaders();
        h.setBearerAuth(token);
        ResponseEntity<String> r = http.exchange("/actuator/prometheus", HttpMethod.GET, new HttpEntity<>(h), String.class);
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(HttpStatus.OK);
        return r.getBody();
    }

    /** The value of the series {@code name} whose labels contain {@code labels} (first match). */
    private static double metric(String body, String name, String labels) {
        return body.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .filter(l -> l.contains(labels)).findFirst()
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .orElseThrow(() -> new AssertionError("no " + name + "{" + labels + "} in\n" + body));
    }
}
