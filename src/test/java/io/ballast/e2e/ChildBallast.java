package io.ballast.e2e;

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
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ballast services as child JVMs of a test, on the external PostgreSQL (127.0.0.1:5432/test, user postgres; override
 * with {@code -Dballast.test.db.url/user/password}) in a schema of their own: started with a known admin token,
 * called over HTTP with it, and killed with SIGKILL ({@link Process#destroyForcibly()} on Linux).
 */
public final class ChildBallast {

    public static final String DB_URL = System.getProperty("ballast.test.db.url", "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String DB_USER = System.getProperty("ballast.test.db.user", "postgres");
    public static final String DB_PASSWORD = System.getProperty("ballast.test.db.password", "");
    /** Seeded as the children's admin token (ballast.security.bootstrap-token, a test-only property). */
    public static final String TOKEN = "blst_e2e000000001_EndToEndAdminTokenForTwoBallastProcesses-01";
    private static final Duration START_LIMIT = Duration.ofMinutes(4);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final List<Process> CHILDREN = new CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> CHILDREN.forEach(Process::destroyForcibly)));
    }

    /** One child Ballast. */
    public record Instance(String id, int port, Process process, Path log) {
    }

    private ChildBallast() {
    }

    public static Connection connect() throws SQLException {
        DriverManager.setLoginTimeout(3);
        return DriverManager.getConnection(DB_URL, DB_USER, DB_PASSWORD);
    }

    /** A fresh schema (named so the app tests' clean-up recognises a killed run's leftovers); null if no database. */
    public static String newSchema(String tag) {
        String schema = "ballast_test_" + System.currentTimeMillis() / 1000 + "_" + tag
                + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36);
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
            return schema;
        } catch (SQLException e) {
            return null;
        }
    }

    public static void dropSchema(String schema) {
        if (schema == null) {
            return;
        }
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            System.err.println("[e2e] could not drop " + schema + ": " + e.getMessage());
        }
    }

    /** Starts one Ballast on {@code schema} with the test token; {@code extra} are further --key=value arguments. */
    public static Instance start(String id, String schema, Path logs, List<String> extra) throws IOException {
        return start(id, schema, logs, extra, Map.of());
    }

    /** As {@link #start(String, String, Path, List)}, with environment variables (secrets stay off the command line). */
    public static Instance start(String id, String schema, Path logs, List<String> extra, Map<String, String> env)
            throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String url = DB_URL + (DB_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classpath, "io.ballast.BallastMain",
                "--server.port=" + port, "--ballast.db.mode=external", "--spring.datasource.url=" + url,
                "--spring.datasource.username=" + DB_USER, "--spring.datasource.password=" + DB_PASSWORD,
                "--spring.datasource.hikari.maximum-pool-size=4", "--spring.flyway.schemas=" + schema,
                "--spring.flyway.default-schema=" + schema, "--spring.jpa.properties.hibernate.default_schema=" + schema,
                "--ballast.instance.id=" + id, "--ballast.security.bootstrap-token=" + TOKEN,
                "--ballast.security.admin-token-file=", "--ballast.rules.poll-interval=0"));
        cmd.addAll(extra);
        Path log = logs.resolve(id + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        CHILDREN.add(p);
        return new Instance(id, port, p, log);
    }

    public static void kill(Instance i) {
        i.process().destroyForcibly();
        try {
            i.process().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static void killAll() {
        for (Process p : CHILDREN) {
            p.destroyForcibly();
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        CHILDREN.clear();
    }

    /** Waits until the child answers {@code /api/v1/status}; prints its log's tail when it does not. */
    public static void awaitUp(Instance i) throws Exception {
        try {
            await(i.id() + " up", START_LIMIT, () -> {
                if (!i.process().isAlive()) {
                    throw new AssertionError(i.id() + " exited with " + i.process().exitValue() + "; log " + i.log());
                }
                HttpResponse<String> r = get(i, "/api/v1/status");
                return r != null && r.statusCode() == 200 ? Boolean.TRUE : null;
            });
        } catch (AssertionError e) {
            List<String> lines = Files.readAllLines(i.log());
            lines.subList(Math.max(0, lines.size() - 40), lines.size())
                    .forEach(l -> System.out.println("[" + i.id() + "] " + l));
            throw e;
        }
    }

    public static URI uri(Instance i, String path) {
        return URI.create("http://127.0.0.1:" + i.port() + path);
    }

    /** GET with the test token; null when the child does not answer. */
    public static HttpResponse<String> get(Instance i, String path) {
        return send(HttpRequest.newBuilder(uri(i, path)).timeout(Duration.ofSeconds(5)).GET());
    }

    /** A JSON request with the test token ({@code json} null: no body); null when the child does not answer. */
    public static HttpResponse<String> send(Instance i, String method, String path, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(i, path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        return send(b);
    }

    private static HttpResponse<String> send(HttpRequest.Builder b) {
        try {
            return HTTP.send(b.header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The {@code manager} part of the child's status (lease: leader, term, self_is_leader, ...), or null. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> manager(Instance i) {
        HttpResponse<String> r = get(i, "/api/v1/status");
        if (r == null || r.statusCode() != 200) {
            return null;
        }
        return (Map<String, Object>) JSON.readValue(r.body(), Map.class).get("manager");
    }

    public static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    public static <T> T await(String what, Duration limit, Supplier<T> probe) throws InterruptedException {
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
