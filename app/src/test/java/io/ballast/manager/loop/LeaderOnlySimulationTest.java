package io.ballast.manager.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ballast.lease.LeaderLease;
import io.ballast.lease.NotLeaderException;
import io.ballast.sim.LiveSimulation;
import io.ballast.sim.ManagerRoundEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
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
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Only the lease holder runs the simulated cluster. When another instance takes the lease, a round this one
 * finishes late commits nothing (the persist transaction is guarded), the simulation stops, and the calls that need
 * it answer 503 {@code /problems/not-leader} naming the leader, while reads and configuration writes go on.
 * Rounds are stepped by hand (round period 1 h); the lease renews every 200 ms.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ballast.db.embedded.data-dir=", "ballast.manager.round-period=1h",
            "ballast.lease.renew-interval=200ms", "ballast.lease.ttl=2s", "ballast.instance.id=test-leader",
            "ballast.cluster.nodes=node1,node2,node3"})
@AutoConfigureTestRestTemplate
class LeaderOnlySimulationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    TestRestTemplate http;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    SimulatedCluster cluster;
    @Autowired
    LeaderLease lease;

    private ResponseEntity<String> call(HttpMethod method, String path, String json) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.exchange(path, method, new HttpEntity<>(json, headers), String.class);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(ResponseEntity<String> r) {
        return JSON.readValue(r.getBody(), Map.class);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> manager() {
        return (Map<String, Object>) body(call(HttpMethod.GET, "/api/v1/status", null)).get("manager");
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    private long round() {
        return jdbc.queryForObject("SELECT round FROM manager_state WHERE id = 1", Long.class);
    }

    private long decisions() {
        return jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE kind = 'decision'", Long.class);
    }

    private void assertNotLeader(ResponseEntity<String> r, String leader) {
        assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(503);
        assertThat(r.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        Map<String, Object> problem = body(r);
        assertThat(problem).containsEntry("type", "/problems/not-leader").containsEntry("leader", leader)
                .containsEntry("self", "test-leader");
        assertThat((String) problem.get("detail")).contains(leader);
    }

    @Test
    void aDeposedManagerWritesNothingAndAStandbySendsSimulationCallsToTheLeader() throws InterruptedException {
        await("elected and running", () -> lease.isLeader() && cluster.live() != null);
        assertThat(manager()).containsEntry("leader", "test-leader").containsEntry("self", "test-leader")
                .containsEntry("self_is_leader", true).containsEntry("mode", "simulated")
                .containsKeys("term", "since", "expires_at");
        assertThat(call(HttpMethod.POST, "/api/v1/resources", "{\"sid\":\"vm:100\",\"state\":\"started\"}")
                .getStatusCode().value()).isEqualTo(201);
        LiveSimulation sim = cluster.live();
        List<ManagerRoundEvent> rounds = List.of();
        for (int i = 0; i < 20 && (rounds.isEmpty() || rounds.get(0).output().decisions().isEmpty()); i++) {
            rounds = sim.step();   // persisted while this instance leads
        }
        assertThat(rounds).isNotEmpty();
        long round = round();
        long decisions = decisions();
        assertThat(round).isPositive();

        // another instance takes the lease; a round this one finishes now must not land in the database
        jdbc.update("UPDATE manager_lease SET holder = 'other-instance', term = term + 1, acquired_at = clock_timestamp(),"
                + " expires_at = clock_timestamp() + interval '1 hour'");
        long otherTerm = jdbc.queryForObject("SELECT term FROM manager_lease", Long.class);
        List<ManagerRoundEvent> late = rounds;
        assertThatThrownBy(() -> cluster.persist(late)).isInstanceOf(NotLeaderException.class);
        assertThat(round()).isEqualTo(round);
        assertThat(decisions()).isEqualTo(decisions);

        await("the simulation stopped", () -> !lease.isLeader() && cluster.live() == null);
        assertThat(sim.step()).as("the stopped simulation runs no round").isEmpty();
        assertThat(round()).isEqualTo(round);

        assertNotLeader(call(HttpMethod.GET, "/api/v1/sim/log", null), "other-instance");
        assertNotLeader(call(HttpMethod.POST, "/api/v1/sim/nodes/node1/power", "{\"state\":\"off\"}"), "other-instance");
        assertNotLeader(call(HttpMethod.POST, "/api/v1/sim/resources/vm:100/fail", "{\"start\":1}"), "other-instance");
        assertNotLeader(call(HttpMethod.GET, "/api/v1/resources/vm:100/placement", null), "other-instance");
        assertThat(manager()).containsEntry("leader", "other-instance").containsEntry("term", (int) otherTerm)
                .containsEntry("self", "test-leader").containsEntry("self_is_leader", false)
                .containsEntry("mode", "standby");
        // the database-backed API works on a standby: reads, and configuration the leader picks up
        assertThat(call(HttpMethod.GET, "/api/v1/resources", null).getStatusCode().value()).isEqualTo(200);
        assertThat(call(HttpMethod.POST, "/api/v1/resources", "{\"sid\":\"vm:101\",\"state\":\"started\"}")
                .getStatusCode().value()).isEqualTo(201);

        // the other instance goes away gracefully: this one leads again with a new term and restarts the loop
        jdbc.update("UPDATE manager_lease SET holder = NULL, expires_at = clock_timestamp()");
        await("re-elected and running", () -> lease.isLeader() && cluster.live() != null);
        assertThat(lease.term()).isGreaterThan(otherTerm);
        assertThat(cluster.live().resourceIds()).contains("vm:100", "vm:101");
        assertThat(manager()).containsEntry("leader", "test-leader").containsEntry("self_is_leader", true)
                .containsEntry("mode", "simulated");
        for (int i = 0; i < 20 && round() == round; i++) {
            cluster.live().step();
        }
        assertThat(round()).isGreaterThan(round);
    }
}
