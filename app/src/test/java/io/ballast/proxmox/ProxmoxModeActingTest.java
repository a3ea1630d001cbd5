package io.ballast.proxmox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
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
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole service acting on a (fake) Proxmox VE cluster: what an operator does through Ballast's REST API
 * (resources, maintenance, a migrate command, a rule, CRS settings, disarm) reaches the Proxmox rounds and
 * comes out as Proxmox API calls; every round's decisions land in the SQL audit.
 * The tests run in order on one cluster, each starting from where the previous one left it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureTestRestTemplate
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProxmoxModeActingTest {

    static final FakePve PVE;

    static {
        try {
            PVE = FakePve.threeNodes();
            for (int id = 100; id <= 102; id++) {
                PVE.addGuest(id, "qemu", "pve1", true, 2, 4 * FakePve.GIB);
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry registry) {
        registry.add("ballast.cluster.mode", () -> "proxmox");
        registry.add("ballast.proxmox.url", PVE::url);
        registry.add("ballast.proxmox.allow-plain-http", () -> "true");
        registry.add("ballast.proxmox.token-id", () -> FakePve.TOKEN_ID);
        registry.add("ballast.proxmox.secret", () -> PVE.secret());
        registry.add("ballast.proxmox.act", () -> "true");
        registry.add("ballast.proxmox.round-interval", () -> "100ms");
    }

    @AfterAll
    static void stop() {
        PVE.close();
    }

    @Autowired
    TestRestTemplate http;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ProxmoxService service;
    @Autowired
    io.ballast.manager.store.ManagerStore store;

    @Test
    @Order(1)
    @SuppressWarnings("unchecked")
    void nodeTableHoldsTheObservedMembersNotTheSimulatedDefaults() {
        await("nodes observed", () -> http.getForObject("/api/v1/nodes", List.class).size() == 3);
        List<Map<String, Object>> nodes = http.getForObject("/api/v1/nodes", List.class);
        assertThat(nodes).extracting(n -> n.get("node")).containsExactly("pve1", "pve2", "pve3");
        Map<String, Object> manager = (Map<String, Object>) http.getForObject("/api/v1/status", Map.class)
                .get("manager");
        assertThat(manager).containsEntry("mode", "proxmox").containsEntry("self_is_leader", true);
        assertThat(((Number) manager.get("term")).longValue()).isPositive();
    }

    @Test
    @Order(2)
    void maintenanceRequestedThroughTheApiEvacuatesAndReturnsByMigrateCalls() {
        assertThat(call(HttpMethod.POST, "/api/v1/resources", "{\"sid\":\"vm:100\",\"state\":\"started\"}")
                .getStatusCode().value()).isEqualTo(201);
        assertThat(call(HttpMethod.POST, "/api/v1/resources", "{\"sid\":\"vm:101\",\"state\":\"started\"}")
                .getStatusCode().value()).isEqualTo(201);
        await("both started", () -> "started".equals(state("vm:100")) && "started".equals(state("vm:101")));
        PVE.clearRequests();

        assertThat(call(HttpMethod.POST, "/api/v1/nodes/pve1/maintenance", "").getStatusCode().value()).isEqualTo(200);
        await("evacuated", () -> !guestNode(100).equals("pve1") && !guestNode(101).equals("pve1"));
        assertThat(PVE.actions()).anyMatch(a -> a.matches("POST /nodes/pve1/qemu/100/migrate \\{online=1, target=pve[23], with-local-disks=1}"))
                .anyMatch(a -> a.matches("POST /nodes/pve1/qemu/101/migrate \\{online=1, target=pve[23], with-local-disks=1}"));
        assertThat(guestNode(102)).as("not an HA resource: never moved").isEqualTo("pve1");

        PVE.clearRequests();
        assertThat(call(HttpMethod.DELETE, "/api/v1/nodes/pve1/maintenance", null).getStatusCode().value()).isEqualTo(200);
        await("returned", () -> guestNode(100).equals("pve1") && guestNode(101).equals("pve1"));
        assertThat(PVE.actions()).anyMatch(a -> a.matches("POST /nodes/pve[23]/qemu/100/migrate \\{online=1, target=pve1, with-local-disks=1}"));

        // the status tables and the audit are written by the Proxmox rounds, as in the simulated cluster
        await("status shows the return", () -> jdbc.queryForList(
                "SELECT node FROM service_status WHERE sid = 'vm:100' AND state = 'started'", String.class)
                .equals(List.of("pve1")));
        List<String> actions = jdbc.queryForList("SELECT explanation->>'action' FROM audit_event WHERE kind = 'decision'"
                + " AND entity_id = 'vm:100' AND rule_base_version LIKE 'drl-%/rules-%' ORDER BY id", String.class);
        assertThat(actions).anyMatch(a -> a.contains("migrate")).anyMatch(a -> a.contains("started -> migrate"));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE kind = 'decision' AND entity_id = 'pve1'",
                Integer.class)).as("node decisions: maintenance entered and left").isPositive();
    }

    @Test
    @Order(3)
    void migrateCommandAndStrictRuleBecomeApiCalls() {
        PVE.clearRequests();
        assertThat(call(HttpMethod.POST, "/api/v1/resources/vm:100/migrate", "{\"node\":\"pve3\"}").getStatusCode().value())
                .isEqualTo(202);
        await("migrated by command", () -> guestNode(100).equals("pve3"));
        assertThat(PVE.actions()).contains("POST /nodes/pve1/qemu/100/migrate {online=1, target=pve3, with-local-disks=1}");

        assertThat(call(HttpMethod.POST, "/api/v1/rules", "{\"rule\":\"vm101-on-pve2\",\"type\":\"node-affinity\","
                + "\"resources\":\"vm:101\",\"nodes\":\"pve2\",\"strict\":true}").getStatusCode().value()).isEqualTo(201);
        await("moved by the rule", () -> guestNode(101).equals("pve2"));
        assertThat(PVE.actions()).contains("POST /nodes/pve1/qemu/101/migrate {online=1, target=pve2, with-local-disks=1}");
        // the round audits its decisions before its agents act, so the row is there by the time the guest moved
        await("the move is audited", () -> !jdbc.queryForList("SELECT id FROM audit_event WHERE kind = 'decision'"
                + " AND entity_id = 'vm:101' AND explanation->>'action' = 'started -> migrate'"
                + " AND after->>'target' = 'pve2'", Long.class).isEmpty());
        String version = jdbc.queryForObject("SELECT rule_base_version FROM audit_event WHERE kind = 'decision'"
                + " AND entity_id = 'vm:101' ORDER BY id DESC LIMIT 1", String.class);
        String before = jdbc.queryForObject("SELECT rule_base_version FROM audit_event WHERE kind = 'decision'"
                + " AND entity_id = 'vm:100' ORDER BY id LIMIT 1", String.class);
        String drl = (String) http.getForObject("/api/v1/rule-base", Map.class).get("version");
        assertThat(version).as("decisions record the rule base and the rules they were taken under")
                .startsWith("drl-" + drl.substring(0, 16) + "/rules-").isNotEqualTo(before);
    }

    @Test
    @Order(4)
    void autoRebalancingSetThroughTheCrsApiMigratesOffTheBusyNode() {
        for (int id = 110; id <= 113; id++) {
            FakePve.Guest g = PVE.addGuest(id, "qemu", "pve2", true, 4, 8 * FakePve.GIB);
            g.cpu = 3;
            call(HttpMethod.POST, "/api/v1/resources", "{\"sid\":\"vm:" + id + "\",\"state\":\"started\"}");
        }
        await("all started", () -> List.of(110, 111, 112, 113).stream().allMatch(id -> "started".equals(state("vm:" + id))));
        PVE.clearRequests();
        assertThat(call(HttpMethod.PUT, "/api/v1/crs", "{\"ha\":\"dynamic\",\"ha-auto-rebalance\":true,"
                + "\"ha-auto-rebalance-threshold\":10,\"ha-auto-rebalance-hold-duration\":0}").getStatusCode().value())
                .isEqualTo(200);
        await("a rebalancing migration", () -> PVE.actions().stream()
                .anyMatch(a -> a.matches("POST /nodes/pve2/qemu/11[0-3]/migrate \\{online=1, target=pve[13], with-local-disks=1}")));
        assertThat(PVE.actions()).noneMatch(a -> a.contains("/101/migrate"));   // the strict rule still holds it
        // status shows the figures the rounds' rebalancer compares (the one usage computation)
        @SuppressWarnings("unchecked")
        Map<String, Object> crs = (Map<String, Object>) http.getForObject("/api/v1/status", Map.class).get("crs");
        assertThat(crs).containsEntry("mode", "dynamic").containsKeys("imbalance", "threshold", "node_cpu", "node_mem");
        assertThat((String) crs.get("auto_rebalance")).as("automatic rebalancing is on").isNotEqualTo("off");
        await("the rebalancing decision is audited", () -> !jdbc.queryForList("SELECT explanation->>'explanation'"
                + " FROM audit_event WHERE kind = 'decision' AND operation = 'auto-rebalance'", String.class).isEmpty());
    }

    @Test
    @Order(5)
    void disarmAndArmThroughTheApiFreezeAndThawTheResources() {
        call(HttpMethod.PUT, "/api/v1/crs", "{\"ha-auto-rebalance\":false}");
        assertThat(call(HttpMethod.POST, "/api/v1/status/disarm-ha", "{\"resource-mode\":\"freeze\"}").getStatusCode()
                .is2xxSuccessful()).isTrue();
        await("frozen", () -> "freeze".equals(state("vm:100")) && "freeze".equals(state("vm:101")));
        assertThat(call(HttpMethod.POST, "/api/v1/status/arm-ha", "").getStatusCode().is2xxSuccessful()).isTrue();
        await("thawed", () -> "started".equals(state("vm:100")) && "started".equals(state("vm:101")));
        assertThat(jdbc.queryForList("SELECT operation FROM audit_event WHERE kind = 'decision' AND entity_id = 'cluster'",
                String.class)).contains("command");
    }

    @Test
    @Order(6)
    void theDatabaseHoldsExactlyWhatTheManagerContinuesFrom() {
        assertThat(call(HttpMethod.POST, "/api/v1/nodes/pve3/maintenance", "").getStatusCode().value()).isEqualTo(200);
        await("maintenance taken in", () -> !jdbc.queryForList("SELECT node FROM node_status WHERE node = 'pve3'"
                + " AND state = 'maintenance'", String.class).isEmpty());
        assertDatabaseEqualsMemory();
        assertThat(store.managerStatus().maintenanceRequests()).containsExactly("pve3");

        call(HttpMethod.DELETE, "/api/v1/nodes/pve3/maintenance", null);
        await("maintenance left", () -> jdbc.queryForList("SELECT node FROM node_status WHERE state = 'maintenance'",
                String.class).isEmpty());
        assertThat(call(HttpMethod.POST, "/api/v1/status/disarm-ha", "{\"resource-mode\":\"freeze\"}").getStatusCode()
                .is2xxSuccessful()).isTrue();
        await("frozen", () -> "freeze".equals(state("vm:100")));
        assertDatabaseEqualsMemory();
        assertThat(store.managerStatus().disarm()).isNotNull();
        call(HttpMethod.POST, "/api/v1/status/arm-ha", "");
    }

    @Test
    @Order(7)
    void anOperatorsConfirmationLapsesOnceTheNodeIsSeenAgain() {
        // as if pve2 had been confirmed off while it was away: it is online in the cluster now
        jdbc.update("INSERT INTO node_request (node, maintenance, off_confirmed_at) VALUES ('pve2', false, now())"
                + " ON CONFLICT (node) DO UPDATE SET off_confirmed_at = now()");

        await("the confirmation lapsed", () -> jdbc.queryForObject("SELECT count(*) FROM node_request"
                + " WHERE off_confirmed_at IS NOT NULL", Integer.class) == 0);
        assertThat(jdbc.queryForList("SELECT operation FROM audit_event WHERE entity_type = 'node'"
                + " AND entity_id = 'pve2'", String.class)).contains("off-confirmation-lapsed");
    }

    /** Between two rounds (they hold the service's monitor), memory and database agree on status and agent work. */
    private void assertDatabaseEqualsMemory() {
        synchronized (service) {
            RoundReport last = service.lastRound();
            assertThat(store.managerStatus()).isEqualTo(last.output().status());
            // the act phase only moves planned work on; the persisted set of requests is the round's
            assertThat(store.agentTasks()).extracting(AgentTask::uid)
                    .containsExactlyInAnyOrderElementsOf(last.agentTasks().stream().map(AgentTask::uid).toList());
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    private ResponseEntity<String> call(HttpMethod method, String path, String json) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.exchange(path, method, new HttpEntity<>(json, headers), String.class);
    }

    private String state(String sid) {
        List<String> s = jdbc.queryForList("SELECT state FROM service_status WHERE sid = ?", String.class, sid);
        return s.isEmpty() ? null : s.get(0);
    }

    private static String guestNode(int vmid) {
        synchronized (PVE) {
            return PVE.guests.get(vmid).node;
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        long end = System.currentTimeMillis() + 30_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("timed out waiting for: " + what + "; Proxmox saw " + PVE.actions());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
