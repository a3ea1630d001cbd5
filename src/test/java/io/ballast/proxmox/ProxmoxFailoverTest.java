package io.ballast.proxmox;

import static io.ballast.e2e.ChildBallast.await;
import static io.ballast.e2e.ChildBallast.manager;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ballast.e2e.ChildBallast;
import io.ballast.e2e.ChildBallast.Instance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Two Ballast services acting on one (fake) Proxmox VE cluster from one PostgreSQL: the leader is killed with
 * {@code kill -9} in the middle of a maintenance evacuation, the other takes over within 15 s, continues from the
 * database (following the migrations in flight by their UPIDs) and completes the evacuation. Every needed migrate
 * is posted exactly once and no decision is audited twice. Needs the PostgreSQL at 127.0.0.1:5432/test.
 */
class ProxmoxFailoverTest {

    private static final int GUESTS = 6;
    private static String schema;
    private static FakePve pve;

    @AfterAll
    static void cleanUp() {
        ChildBallast.killAll();
        ChildBallast.dropSchema(schema);
        if (pve != null) {
            pve.close();
        }
    }

    @Test
    void killingTheLeaderMidEvacuationPostsEveryMigrateOnceAndTheEvacuationCompletes() throws Exception {
        schema = ChildBallast.newSchema("pvefail");
        assumeTrue(schema != null, "external PostgreSQL " + ChildBallast.DB_URL + " does not answer");
        pve = FakePve.threeNodes();
        for (int i = 0; i < GUESTS; i++) {
            pve.addGuest(100 + i, "qemu", "pve1", true, 1, FakePve.GIB);
        }
        pve.taskPolls = 4;   // a migration runs for about four rounds
        Path logs = Files.createTempDirectory("ballast-pve-failover");
        List<String> args = List.of("--ballast.cluster.mode=proxmox", "--ballast.proxmox.url=" + pve.url(),
                "--ballast.proxmox.allow-plain-http=true", "--ballast.proxmox.token-id=" + FakePve.TOKEN_ID,
                "--ballast.proxmox.act=true", "--ballast.proxmox.round-interval=1s",
                "--ballast.proxmox.max-migrations=2");
        Map<String, String> env = Map.of("BALLAST_PROXMOX_SECRET", pve.secret());
        Instance a = ChildBallast.start("pve-a", schema, logs, args, env);
        Instance b = ChildBallast.start("pve-b", schema, logs, args, env);
        ChildBallast.awaitUp(a);
        ChildBallast.awaitUp(b);

        Instance leader = await("one leader", Duration.ofSeconds(30), () -> {
            Map<String, Object> ma = manager(a);
            Map<String, Object> mb = manager(b);
            if (ma == null || mb == null) {
                return null;
            }
            return Boolean.TRUE.equals(ma.get("self_is_leader")) ? a : Boolean.TRUE.equals(mb.get("self_is_leader")) ? b : null;
        });
        Instance standby = leader == a ? b : a;
        long oldTerm = ((Number) manager(leader).get("term")).longValue();
        for (int i = 0; i < GUESTS; i++) {
            var r = ChildBallast.send(standby, "POST", "/api/v1/resources", "{\"sid\":\"vm:" + (100 + i) + "\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        }
        await("all started", Duration.ofSeconds(90), () -> count("SELECT count(*) FROM service_status"
                + " WHERE state = 'started'") == GUESTS ? true : null);
        pve.clearRequests();

        assertThat(ChildBallast.send(standby, "POST", "/api/v1/nodes/pve1/maintenance", null).statusCode())
                .isEqualTo(200);
        await("the first migrations posted", Duration.ofSeconds(60), () -> migrates().isEmpty() ? null : true);
        String load = ChildBallast.loadAverage();
        leader.process().destroyForcibly();
        long killed = System.nanoTime();
        int postedBeforeKill = migrates().size();

        await("the standby takes over", Duration.ofSeconds(30), () -> {
            Map<String, Object> m = manager(standby);
            return m != null && Boolean.TRUE.equals(m.get("self_is_leader"))
                    && ((Number) m.get("term")).longValue() > oldTerm ? m : null;
        });
        long takeover = (System.nanoTime() - killed) / 1_000_000;
        await("evacuated", Duration.ofSeconds(180), () -> evacuated() ? true : null);
        System.out.printf("[e2e] proxmox: %d migrate(s) posted before the kill -9 of %s, takeover %d ms (load %s),"
                + " evacuation completed by %s%n", postedBeforeKill, leader.id(), takeover, load, standby.id());

        assertThat(takeover).as("takeover after kill -9 (ms)").isLessThanOrEqualTo(15_000);
        Map<String, Integer> perGuest = new TreeMap<>();
        for (String m : migrates()) {
            perGuest.merge(m.replaceAll(".*/qemu/(\\d+)/migrate.*", "$1"), 1, Integer::sum);
        }
        assertThat(perGuest).as("migrate posts per guest").hasSize(GUESTS).allSatisfy((vmid, n) ->
                assertThat(n).as("posts of " + vmid).isEqualTo(1));
        synchronized (pve) {
            assertThat(pve.tasks.values()).noneMatch(t -> t.exitstatus.startsWith("VM is locked"));
        }
        List<String> twice = new ArrayList<>();
        try (Connection c = ChildBallast.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT entity_id, explanation->>'action', count(*) FROM " + schema
                     + ".audit_event WHERE kind = 'decision' AND explanation->>'action' = 'started -> migrate'"
                     + " GROUP BY 1, 2 HAVING count(*) > 1")) {
            while (rs.next()) {
                twice.add(rs.getString(1) + " x" + rs.getInt(3));
            }
        }
        assertThat(twice).as("decisions audited twice").isEmpty();
        assertThat(count("SELECT count(*) FROM audit_event WHERE kind = 'decision'"
                + " AND explanation->>'action' = 'started -> migrate'")).isEqualTo(GUESTS);
    }

    private static List<String> migrates() {
        return pve.actions().stream().filter(a -> a.contains("/migrate")).toList();
    }

    private static boolean evacuated() {
        synchronized (pve) {
            if (pve.guests.values().stream().anyMatch(g -> g.node.equals("pve1") || !g.status.equals("running"))) {
                return false;
            }
        }
        return count("SELECT count(*) FROM service_status WHERE state = 'started' AND node <> 'pve1'") == GUESTS;
    }

    private static long count(String sql) {
        try (Connection c = ChildBallast.connect(); Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + schema);
            try (ResultSet rs = s.executeQuery(sql)) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        } catch (SQLException e) {
            return -1;
        }
    }
}
