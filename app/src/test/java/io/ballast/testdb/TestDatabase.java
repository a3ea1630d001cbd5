package io.ballast.testdb;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Which PostgreSQL the app tests use. {@code -Dballast.test.db=external} uses the server at
 * {@code ballast.test.db.url} (default {@code jdbc:postgresql://127.0.0.1:5432/test}, user {@code postgres}),
 * {@code embedded} starts a throw-away zonky PostgreSQL per Spring context, and the default ({@code auto}) takes
 * the external one when it answers, else embedded. In external mode every Spring context (and every migration
 * test) gets its own fresh schema {@code ballast_test_<epoch>_<random>}, dropped when the JVM ends, so runs from
 * several worktrees can share the server. Schemas left by killed runs are dropped after {@link #STALE}.
 */
public final class TestDatabase {

    public enum Mode { EXTERNAL, EMBEDDED }

    static final String PREFIX = "ballast_test_";
    static final Duration STALE = Duration.ofHours(3);

    private static volatile Mode mode;
    private static final Set<String> CREATED = ConcurrentHashMap.newKeySet();

    private TestDatabase() {
    }

    public static String url() {
        return System.getProperty("ballast.test.db.url", "jdbc:postgresql://127.0.0.1:5432/test");
    }

    public static String user() {
        return System.getProperty("ballast.test.db.user", "postgres");
    }

    /** The chosen mode, decided once per JVM. */
    public static Mode mode() {
        if (mode == null) {
            synchronized (TestDatabase.class) {
                if (mode == null) {
                    mode = decide();
                }
            }
        }
        return mode;
    }

    private static Mode decide() {
        String wanted = System.getProperty("ballast.test.db", "auto").toLowerCase(Locale.ROOT);
        switch (wanted) {
            case "embedded" -> {
                return Mode.EMBEDDED;
            }
            case "external" -> {
                try (Connection ignored = connect()) {
                    return start(Mode.EXTERNAL);
                } catch (SQLException e) {
                    throw new IllegalStateException("-Dballast.test.db=external but " + url() + " does not answer", e);
                }
            }
            case "auto" -> {
                try (Connection ignored = connect()) {
                    return start(Mode.EXTERNAL);
                } catch (SQLException e) {
                    System.err.println("[test-db] " + url() + " not reachable (" + e.getMessage() + "), using embedded PostgreSQL");
                    return Mode.EMBEDDED;
                }
            }
            default -> throw new IllegalStateException("ballast.test.db must be external, embedded or auto, got " + wanted);
        }
    }

    private static Mode start(Mode m) {
        dropStaleSchemas();
        Runtime.getRuntime().addShutdownHook(new Thread(TestDatabase::dropCreatedSchemas, "test-db-cleanup"));
        System.err.println("[test-db] using external PostgreSQL " + url() + " (one fresh schema per context)");
        return m;
    }

    public static Connection connect() throws SQLException {
        DriverManager.setLoginTimeout(3);
        return DriverManager.getConnection(url(), user(), System.getProperty("ballast.test.db.password", ""));
    }

    /** Creates an empty schema on the external server; it is dropped when the JVM ends. */
    public static String createSchema() {
        String schema = PREFIX + (System.currentTimeMillis() / 1000) + "_"
                + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36);
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test schema " + schema, e);
        }
        CREATED.add(schema);
        return schema;
    }

    /** The JDBC URL that makes {@code schema} the connection's current (and only searched) schema. */
    public static String urlFor(String schema) {
        return url() + (url().contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    public static void dropSchema(String schema) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("SET lock_timeout = '10s'");
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            CREATED.remove(schema);
        } catch (SQLException e) {
            System.err.println("[test-db] could not drop schema " + schema + " (dropped by a later run): " + e.getMessage());
        }
    }

    private static void dropCreatedSchemas() {
        for (String schema : new ArrayList<>(CREATED)) {
            dropSchema(schema);
        }
    }

    /** Schemas of runs that were killed before their shutdown hook ran. */
    private static void dropStaleSchemas() {
        long cutoff = System.currentTimeMillis() / 1000 - STALE.toSeconds();
        List<String> stale = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT nspname FROM pg_namespace WHERE nspname LIKE '" + PREFIX + "%'")) {
            while (rs.next()) {
                String[] parts = rs.getString(1).substring(PREFIX.length()).split("_");
                try {
                    if (Long.parseLong(parts[0]) < cutoff) {
                        stale.add(rs.getString(1));
                    }
                } catch (NumberFormatException e) {
                    // not one of ours
                }
            }
        } catch (SQLException e) {
            return;
        }
        stale.forEach(TestDatabase::dropSchema);
    }
}
