package io.ballast.e2e;

import static io.ballast.e2e.ChildBallast.await;
import static io.ballast.e2e.ChildBallast.get;
import static io.ballast.e2e.ChildBallast.manager;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ballast.e2e.ChildBallast.Instance;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Two Ballast services (child JVMs, simulated cluster) on one external PostgreSQL, in a schema of their own: one
 * leads; after {@code kill -9} of the leader the other takes over with a higher term within 15 s (lease ttl 10 s,
 * renewal every 2 s, the defaults) and goes on running manager rounds. Needs the PostgreSQL at
 * 127.0.0.1:5432/test (user postgres, {@code -Dballast.test.db.url} to change); skipped when it does not answer.
 */
class TwoInstancesFailoverTest {

    private static String schema;

    @AfterAll
    static void cleanUp() {
        ChildBallast.killAll();
        ChildBallast.dropSchema(schema);
    }

    @Test
    void killingTheLeaderHandsTheManagerToTheOtherInstanceWithin15Seconds() throws Exception {
        schema = ChildBallast.newSchema("lease");
        assumeTrue(schema != null, "external PostgreSQL " + ChildBallast.DB_URL + " does not answer");
        Path logs = Files.createTempDirectory("ballast-lease-e2e");
        List<String> simulated = List.of("--ballast.manager.round-period=1s");

        Instance a = ChildBallast.start("e2e-a", schema, logs, simulated);
        Instance b = ChildBallast.start("e2e-b", schema, logs, simulated);
        ChildBallast.awaitUp(a);
        ChildBallast.awaitUp(b);
        System.out.println("[e2e] both instances up; logs in " + logs);

        // one leader, both agree who it is
        Instance leader = await("one leader", Duration.ofSeconds(30), () -> {
            Map<String, Object> ma = manager(a);
            Map<String, Object> mb = manager(b);
            if (ma == null || mb == null || ma.get("leader") == null || !ma.get("leader").equals(mb.get("leader"))) {
                return null;
            }
            return Boolean.TRUE.equals(ma.get("self_is_leader")) ? a : Boolean.TRUE.equals(mb.get("self_is_leader")) ? b : null;
        });
        Instance standby = leader == a ? b : a;
        Map<String, Object> before = manager(standby);
        assertEquals(leader.id(), before.get("leader"));
        assertEquals(Boolean.FALSE, before.get("self_is_leader"));
        assertEquals("standby", before.get("mode"));
        long oldTerm = ((Number) before.get("term")).longValue();
        assertTrue(oldTerm > 0);
        assertEquals(503, get(standby, "/api/v1/sim/log").statusCode(), "a standby refers simulation calls to the leader");

        // configuration written on the standby reaches the leader's rounds through the database
        HttpResponse<String> created = ChildBallast.send(standby, "POST", "/api/v1/resources",
                "{\"sid\":\"vm:100\",\"state\":\"started\"}");
        assertEquals(201, created.statusCode(), created.body());
        await("vm:100 started by the leader", Duration.ofSeconds(60), () -> runningNode("vm:100"));
        long roundsBefore = round();
        assertTrue(roundsBefore > 0);

        String load = ChildBallast.loadAverage();
        leader.process().destroyForcibly();   // SIGKILL on Linux: no release, no shutdown hook
        long killed = System.nanoTime();
        Map<String, Object> after = await("the standby takes over", Duration.ofSeconds(30), () -> {
            Map<String, Object> m = manager(standby);
            return m != null && Boolean.TRUE.equals(m.get("self_is_leader"))
                    && ((Number) m.get("term")).longValue() > oldTerm ? m : null;
        });
        long ms = (System.nanoTime() - killed) / 1_000_000;
        leader.process().waitFor();
        System.out.println("[e2e] takeover after kill -9 of " + leader.id() + ": " + ms + " ms (term " + oldTerm + " -> "
                + after.get("term") + "; load average at the kill: " + load + ")");
        assertEquals(standby.id(), after.get("leader"));
        assertTrue(ms <= 15_000, "takeover took " + ms + " ms");

        // the survivor runs the manager: rounds go on and the simulation answers
        long roundAtTakeover = round();
        await("rounds on the survivor", Duration.ofSeconds(60), () -> round() >= roundAtTakeover + 3 ? true : null);
        assertEquals(200, get(standby, "/api/v1/sim/log").statusCode());
        assertNotEquals(null, await("vm:100 running after the takeover", Duration.ofSeconds(60), () -> runningNode("vm:100")));
        System.out.println("[e2e] survivor ran " + (round() - roundAtTakeover) + " rounds after the takeover");
    }

    private static long round() {
        try (Connection c = ChildBallast.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT round FROM " + schema + ".manager_state WHERE id = 1")) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            return -1;
        }
    }

    private static String runningNode(String sid) {
        try (Connection c = ChildBallast.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT node FROM " + schema + ".service_status WHERE sid = '" + sid
                     + "' AND state = 'started' AND running")) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            return null;
        }
    }
}
