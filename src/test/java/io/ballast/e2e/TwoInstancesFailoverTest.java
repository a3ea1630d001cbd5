package io.ballast.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two Ballast services (child JVMs, simulated cluster) on one external PostgreSQL, in a schema of their own: one
 * leads; after {@code kill -9} of the leader the other takes over with a higher term within 15 s (lease ttl 10 s,
 * renewal every 2 s, the defaults) and goes on running manager rounds. Needs the PostgreSQL at
 * 127.0.0.1:5432/test (user postgres, {@code -Dballast.test.db.url} to change); skipped when it does not answer.
 */
class TwoInstancesFailoverTest {

    private static final String DB_URL = System.getProperty("ballast.test.db.url", "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String DB_USER = System.getProperty("ballast.test.db.user", "postgres");
    private static final String DB_PASSWORD = System.getProperty("ballast.test.db.password", "");
    private static final Duration START_LIMIT = Duration.ofMinutes(4);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static final List<Process> CHILDREN = new ArrayList<>();
    private static String schema;

    /** One child Ballast. */
    record Instance(String id, int port, Process process, Path log) {
    }

    @AfterAll
    static void cleanUp() {
        CHILDREN.forEach(TwoInstancesFailoverTest::kill);
        if (schema != null) {
            try (Connection c = connect(); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            } catch (SQLException e) {
                System.err.println("[e2e] could not drop " + schema + ": " + e.getMessage());
            }
        }
    }

    private static void kill(Process p) {
        p.destroyForcibly();
        try {
            p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Connection connect() throws SQLException {
        DriverManager.setLoginTimeout(3);
        return DriverManager.getConnection(DB_URL, DB_USER, DB_PASSWORD);
    }

    @Test
    void killingTheLeaderHandsTheManagerToTheOtherInstanceWithin15Seconds() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            // the name the app tests' clean-up recognises, so a killed run's schema is dropped later
            schema = "ballast_test_" + System.currentTimeMillis() / 1000 + "_lease"
                    + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36);
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            assumeTrue(false, "external PostgreSQL " + DB_URL + " does not answer: " + e.getMessage());
        }
        Path logs = Files.createTempDirectory("ballast-lease-e2e");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> CHILDREN.forEach(Process::destroyForcibly)));

        Instance a = start("e2e-a", logs);
        Instance b = start("e2e-b", logs);
        awaitUp(a);
        awaitUp(b);
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
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(uri(standby, "/api/v1/resources"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("{\"sid\":\"vm:100\",\"state\":\"started\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
        await("vm:100 started by the leader", Duration.ofSeconds(60), () -> runningNode("vm:100"));
        long roundsBefore = round();
        assertTrue(roundsBefore > 0);

        String load = uptime();
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

    private static Instance start(String id, Path logs) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String url = DB_URL + (DB_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classpath, "io.ballast.BallastMain",
                "--server.port=" + port, "--ballast.db.mode=external", "--spring.datasource.url=" + url,
                "--spring.datasource.username=" + DB_USER, "--spring.datasource.password=" + DB_PASSWORD,
                "--spring.datasource.hikari.maximum-pool-size=4", "--spring.flyway.schemas=" + schema,
                "--spring.flyway.default-schema=" + schema, "--spring.jpa.properties.hibernate.default_schema=" + schema,
                "--ballast.instance.id=" + id, "--ballast.manager.round-period=1s", "--ballast.rules.poll-interval=0");
        Path log = logs.resolve(id + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        CHILDREN.add(p);
        return new Instance(id, port, p, log);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> awaitUp(Instance i) throws Exception {
        try {
            return await(i.id() + " up", START_LIMIT, () -> {
                if (!i.process().isAlive()) {
                    throw new AssertionError(i.id() + " exited with " + i.process().exitValue() + "; log " + i.log());
                }
                HttpResponse<String> r = get(i, "/api/v1/status");
                return r != null && r.statusCode() == 200 ? JSON.readValue(r.body(), Map.class) : null;
            });
        } catch (AssertionError e) {
            List<String> lines = Files.readAllLines(i.log());
            lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(l -> System.out.println("[" + i.id() + "] " + l));
            throw e;
        }
    }

    private static URI uri(Instance i, String path) {
        return URI.create("http://127.0.0.1:" + i.port() + path);
    }

    private static HttpResponse<String> get(Instance i, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri(i, path)).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> manager(Instance i) {
        HttpResponse<String> r = get(i, "/api/v1/status");
        if (r == null || r.statusCode() != 200) {
            return null;
        }
        return (Map<String, Object>) JSON.readValue(r.body(), Map.class).get("manager");
    }

    private static long round() {
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT round FROM " + schema + ".manager_state WHERE id = 1")) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            return -1;
        }
    }

    private static String runningNode(String sid) {
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT node FROM " + schema + ".service_status WHERE sid = '" + sid
                     + "' AND state = 'started' AND running")) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            return null;
        }
    }

    private static String uptime() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static <T> T await(String what, Duration limit, Supplier<T> probe) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out after " + limit + " waiting for " + what);
    }
}
