package io.ballast.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.manager.loop.SimulatedCluster;
import io.ballast.security.Role;
import io.ballast.testdb.TestAuth;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Plans an operator approves (issue 16 item 3), on the simulated cluster driven round by round: at automation level
 * manual or partial an imbalanced cluster gets a rebalancing proposal instead of moves; applying it moves the
 * guests, dismissing it leaves them; a changed cluster expires it; every decision is audited with its author.
 */
class ProposalApiTest extends ApiTestBase {

    private static final List<String> GUESTS = List.of("vm:9101", "vm:9102", "vm:9103", "vm:9104", "vm:9105",
            "vm:9106");

    @Autowired
    SimulatedCluster cluster;

    @BeforeEach
    void clean() {
        reset();
    }

    @AfterEach
    void cleanUp() {
        reset();
    }

    private void reset() {
        emptyConfiguration();
        jdbc.update("DELETE FROM rebalance_proposal");
        jdbc.update("UPDATE crs_settings SET auto_rebalance = false, automation_level = 'full',"
                + " auto_rebalance_hold_duration = 3, auto_rebalance_method = 'bruteforce' WHERE id = 1");
        rounds(1);   // the simulation forgets the removed guests
    }

    private void rounds(int n) {
        // a cached context that was paused and started again elects itself and restarts the simulation first
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (cluster.live() == null && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (int i = 0; i < n; i++) {
            cluster.live().step();
        }
    }

    /** Steps rounds until {@code probe} answers non-null (at most 60). */
    private <T> T until(String what, Supplier<T> probe) {
        for (int i = 0; i < 60; i++) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            rounds(1);
        }
        throw new AssertionError("no " + what + " within 60 rounds");
    }

    private ResponseEntity<String> as(String name, Role role, HttpMethod method, String path, String json) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setBearerAuth(TestAuth.tokenFor(jdbc, name, role));
        return http.exchange(path, method, new HttpEntity<>(json, headers), String.class);
    }

    /** Where each guest runs, as GET /api/v1/status reports it (only started guests). */
    private Map<String, String> placement() {
        Map<String, String> out = new TreeMap<>();
        for (Object r : (List<?>) map(call(HttpMethod.GET, "/api/v1/status", null, "admin")).get("resources")) {
            Map<String, Object> res = asMap(r);
            if (GUESTS.contains((String) res.get("sid")) && "started".equals(res.get("state"))) {
                out.put((String) res.get("sid"), (String) res.get("node"));
            }
        }
        return out;
    }

    /**
     * Six started guests, two per node; the two on one node made large (6 CPUs, 32 GiB of 16 and 64), so the
     * static imbalance is about 0.37, above the 30 % threshold; auto-rebalance on at {@code level}.
     */
    private String imbalanced(String level) {
        for (String sid : GUESTS) {
            assertThat(status(call(HttpMethod.POST, "/api/v1/resources", "{\"sid\":\"" + sid
                    + "\",\"state\":\"started\"}", "admin"))).isEqualTo(201);
        }
        assertThat(status(call(HttpMethod.PUT, "/api/v1/crs", "{\"ha\":\"static\",\"automation-level\":\"" + level
                + "\",\"ha-auto-rebalance-hold-duration\":0}", "admin"))).isEqualTo(200);
        Map<String, String> where = until("six started guests", () -> placement().size() == 6 ? placement() : null);
        String hot = where.get("vm:9101");
        where.forEach((sid, node) -> {
            if (node.equals(hot)) {
                assertThat(status(call(HttpMethod.POST, "/api/v1/sim/resources/" + sid + "/usage",
                        "{\"maxcpu\":6,\"maxmem\":32768}", "admin"))).isEqualTo(200);
            }
        });
        rounds(2);
        assertThat(status(call(HttpMethod.PUT, "/api/v1/crs", "{\"ha-auto-rebalance\":true}", "admin")))
                .isEqualTo(200);
        return hot;
    }

    private Map<String, Object> proposed() {
        return until("proposal", () -> {
            List<Map<String, Object>> open = list(call(HttpMethod.GET, "/api/v1/proposals?state=proposed", null,
                    "admin"));
            return open.isEmpty() ? null : open.get(0);
        });
    }

    private Map<String, Object> proposal(String id) {
        return map(call(HttpMethod.GET, "/api/v1/proposals/" + id, null, "admin"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> firstMove(Map<String, Object> proposal) {
        Map<String, Object> wave = asMap(((List<Object>) proposal.get("waves")).get(0));
        return asMap(((List<Object>) wave.get("moves")).get(0));
    }

    @Test
    @SuppressWarnings("unchecked")
    void manualLevelProposesInsteadOfMovingAndAnOperatorAppliesIt() {
        String hot = imbalanced("manual");
        Map<String, String> before = placement();
        Map<String, Object> p = proposed();
        String id = (String) p.get("id");

        assertThat(p).containsEntry("state", "proposed").containsEntry("method", "bruteforce")
                .containsKeys("created_at", "basis", "imbalance_after").containsEntry("decided_by", null)
                .containsEntry("expires_reason", null);
        assertThat((Double) p.get("imbalance_before")).isGreaterThan(0.3);
        List<Object> waves = (List<Object>) p.get("waves");
        assertThat(waves).hasSize(1);
        assertThat((Double) asMap(waves.get(0)).get("imbalance_after")).isLessThan((Double) p.get("imbalance_before"));
        Map<String, Object> move = firstMove(p);
        String sid = (String) move.get("sid");
        String target = (String) move.get("to");
        assertThat(move).containsEntry("from", hot).containsEntry("kind", "migrate")
                .containsEntry("memory", 32768L * 1024 * 1024);
        assertThat(before.get(sid)).isEqualTo(hot);
        assertThat(target).isNotEqualTo(hot);
        assertThat((String) move.get("reason")).contains("imbalance");
        // the OpenAPI description documents every key of a real proposal, its waves and moves
        @SuppressWarnings("unchecked")
        Map<String, Object> api = JSON.readValue(http.getForObject("/v3/api-docs", String.class), Map.class);
        assertThat(OpenApiContractTest.documentedAnswer(api, "GET", "/api/v1/proposals/{id}", 200, p, "proposal"))
                .contains("proposal", "proposal.waves[]", "proposal.waves[].moves[]");

        rounds(5);
        assertThat(placement()).as("nothing moves without approval").isEqualTo(before);
        assertThat(proposal(id)).containsEntry("state", "proposed");

        // a viewer may read it, not apply it
        assertThat(status(as("vera", Role.VIEWER, HttpMethod.GET, "/api/v1/proposals/" + id, null))).isEqualTo(200);
        ResponseEntity<String> forbidden = as("vera", Role.VIEWER, HttpMethod.POST, "/api/v1/proposals/" + id + "/apply",
                null);
        assertThat(status(forbidden)).isEqualTo(403);
        assertThat(forbidden.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
        assertThat(proposal(id)).containsEntry("state", "proposed");

        ResponseEntity<String> applied = as("olivia", Role.OPERATOR, HttpMethod.POST,
                "/api/v1/proposals/" + id + "/apply", null);
        assertThat(status(applied)).as(applied.getBody()).isEqualTo(200);
        assertThat(map(applied)).containsEntry("state", "applied").containsEntry("decided_by", "olivia");

        until("the guest on its proposed node", () -> target.equals(placement().get(sid)) ? true : null);
        until("the proposal done", () -> "done".equals(proposal(id).get("state")) ? true : null);
        Map<String, String> after = placement();
        before.forEach((g, node) -> {
            if (!g.equals(sid)) {
                assertThat(after.get(g)).as(g + " stays").isEqualTo(node);
            }
        });

        // audited: proposed by the manager, applied by olivia, its wave and its end by the manager
        List<Map<String, Object>> audit = jdbc.queryForList("SELECT kind, actor, operation, after->>'state' AS state"
                + " FROM audit_event WHERE entity_type = 'proposal' AND entity_id = ? ORDER BY id", id);
        assertThat(audit).extracting(r -> r.get("actor") + " " + r.get("operation") + " " + r.get("state"))
                .containsExactly("ha-manager propose proposed", "olivia apply applied", "ha-manager wave applied",
                        "ha-manager done done");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE kind = 'decision'"
                + " AND operation = 'proposal' AND entity_id = ? AND explanation->>'action' = ?", Integer.class,
                sid, "migrate to " + target)).isEqualTo(1);
        assertThat(status(call(HttpMethod.POST, "/api/v1/proposals/" + id + "/apply", null, "admin")))
                .as("a done proposal cannot run again").isEqualTo(409);
    }

    @Test
    void dismissedProposalLeavesTheGuestsAndIsNotOfferedAgain() {
        imbalanced("partial");
        Map<String, String> before = placement();
        String id = (String) proposed().get("id");

        ResponseEntity<String> dismissed = as("olivia", Role.OPERATOR, HttpMethod.POST,
                "/api/v1/proposals/" + id + "/dismiss", null);
        assertThat(status(dismissed)).as(dismissed.getBody()).isEqualTo(200);
        assertThat(map(dismissed)).containsEntry("state", "dismissed").containsEntry("decided_by", "olivia");

        rounds(6);
        assertThat(placement()).isEqualTo(before);
        assertThat(list(call(HttpMethod.GET, "/api/v1/proposals", null, "admin"))).singleElement()
                .satisfies(p -> assertThat(p).containsEntry("id", id).containsEntry("state", "dismissed"));
        assertProblem(as("olivia", Role.OPERATOR, HttpMethod.POST, "/api/v1/proposals/" + id + "/apply", null), 409,
                "state");
        assertThat(jdbc.queryForMap("SELECT kind, actor FROM audit_event WHERE entity_type = 'proposal'"
                + " AND operation = 'dismiss'")).containsEntry("kind", "config").containsEntry("actor", "olivia");
    }

    @Test
    void aClusterChangeExpiresTheProposalAndApplyingItThenConflicts() {
        String hot = imbalanced("manual");
        Map<String, String> before = placement();
        String id = (String) proposed().get("id");
        String other = before.entrySet().stream().filter(e -> !e.getValue().equals(hot)).findFirst().orElseThrow()
                .getKey();

        assertThat(status(call(HttpMethod.POST, "/api/v1/sim/resources/" + other + "/usage",
                "{\"maxcpu\":2,\"maxmem\":2048}", "admin"))).isEqualTo(200);
        until("the proposal expired", () -> "expired".equals(proposal(id).get("state")) ? true : null);

        assertThat((String) proposal(id).get("expires_reason")).contains("usage");
        ResponseEntity<String> late = as("olivia", Role.OPERATOR, HttpMethod.POST, "/api/v1/proposals/" + id + "/apply",
                null);
        assertProblem(late, 409, "state");
        assertThat((String) map(late).get("detail")).contains("expired").contains("usage");
        assertThat(placement()).isEqualTo(before);
        assertThat(jdbc.queryForObject("SELECT actor FROM audit_event WHERE entity_type = 'proposal' AND entity_id = ?"
                + " AND operation = 'expire'", String.class, id)).isEqualTo("ha-manager");
        assertThat(list(call(HttpMethod.GET, "/api/v1/proposals?state=proposed", null, "admin")))
                .as("at most one open proposal").hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void unknownProposalAndBadStateFilterAreProblems() {
        assertProblem(as("olivia", Role.OPERATOR, HttpMethod.POST, "/api/v1/proposals/p0-none/apply", null), 404,
                null);
        assertProblem(call(HttpMethod.GET, "/api/v1/proposals/p0-none", null, "admin"), 404, null);
        assertProblem(call(HttpMethod.GET, "/api/v1/proposals?state=open", null, "admin"), 400, "state");
        assertProblem(call(HttpMethod.PUT, "/api/v1/crs", "{\"automation-level\":\"auto\"}", "admin"), 400,
                "automation-level");
    }
}
