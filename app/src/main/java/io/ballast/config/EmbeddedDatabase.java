package io.ballast.config;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL as Ballast runs it: durable (an acknowledged commit is on disk), cleared of what a
 * crashed Ballast left in its data directory before the start ({@link StalePostmaster}), and watched by a
 * small process that stops it when the JVM disappears without closing it ({@link PostmasterWatchdog}).
 */
public final class EmbeddedDatabase implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

    /**
     * zonky starts the postmaster with {@code -F} and {@code synchronous_commit=off}; the {@code -c} options
     * come after {@code -F} on the command line, so these win. Without them a crash loses acknowledged commits.
     */
    static final Map<String, String> DURABLE = Map.of(
            "fsync", "on",
            "synchronous_commit", "on",
            "full_page_writes", "on");

    /** The role the application connects as, and the database it owns. */
    public static final String APP_ROLE = "ballast";
    public static final String APP_DATABASE = "ballast";

    private final EmbeddedPostgres postgres;
    private final PostmasterWatchdog watchdog;
    private final Path dataDir;
    private final DatabaseCredentials credentials;

    private EmbeddedDatabase(EmbeddedPostgres postgres, PostmasterWatchdog watchdog, Path dataDir,
                             DatabaseCredentials credentials) {
        this.postgres = postgres;
        this.watchdog = watchdog;
        this.dataDir = dataDir;
        this.credentials = credentials;
    }

    /**
     * Starts PostgreSQL on {@code dataDir} (kept across restarts), or on a throw-away directory when it is
     * null; {@code port} 0 picks a free port.
     */
    public static EmbeddedDatabase start(Path dataDir, int port) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
        DURABLE.forEach(builder::setServerConfig);
        Path dir = null;
        DatabaseCredentials credentials;
        boolean legacy = false;
        if (dataDir != null) {
            dir = dataDir.toAbsolutePath().normalize();
            Files.createDirectories(dir.getParent());
            StalePostmaster.clear(dir);
            boolean existing = Files.exists(dir.resolve("postgresql.conf"));
            credentials = DatabaseCredentials.beside(dir);
            // a directory from before passwords: it trusts every local connection until migrated below
            legacy = existing && credentials.created();
            // keep the data directory: configuration must survive restarts
            builder.setDataDirectory(dir).setCleanDataDirectory(false);
        } else {
            credentials = DatabaseCredentials.temporary();
        }
        // zonky runs initdb with "-A trust"; these come later on its command line and win: passwords from the start
        builder.setLocaleConfig("auth", "scram-sha-256");
        builder.setLocaleConfig("pwfile", credentials.superuserFile().toString());
        // zonky's own readiness check connects as the superuser
        builder.setConnectConfig("password", credentials.superuser());
        if (port > 0) {
            builder.setPort(port);
        }
        EmbeddedPostgres postgres;
        try {
            postgres = builder.start();
        } finally {
            if (dir == null) {
                credentials.deleteTemporary();
            }
        }
        try {
            DatabaseHardening.apply(postgres.getPort(), dir, credentials, legacy);
        } catch (IOException | RuntimeException e) {
            postgres.close();
            throw e;
        }
        PostmasterWatchdog watchdog = null;
        if (dir != null) {
            watchdog = PostmasterWatchdog.start(StalePostmaster.pidOf(dir), dir);
        }
        LOG.info("embedded PostgreSQL on port {} ({}), settings {}, application role '{}' (password in {})",
                postgres.getPort(), dir == null ? "temporary data directory" : dir, List.copyOf(DURABLE.entrySet()),
                APP_ROLE, dir == null ? "memory" : credentials.appFile());
        return new EmbeddedDatabase(postgres, watchdog, dir, credentials);
    }

    /** JDBC URL of the application's database. */
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port() + "/" + APP_DATABASE;
    }

    public String appPassword() {
        return credentials.app();
    }

    /** The superuser's password: for tests and start-up work, never for the application's pool. */
    String superuserPassword() {
        return credentials.superuser();
    }

    public EmbeddedPostgres postgres() {
        return postgres;
    }

    public int port() {
        return postgres.getPort();
    }

    /** The postmaster's PID from postmaster.pid, or -1 on a throw-away directory. */
    long postmasterPid() {
        return dataDir == null ? -1 : StalePostmaster.pidOf(dataDir).orElse(-1L);
    }

    /** The watchdog's PID, or -1 when there is none. */
    long watchdogPid() {
        return watchdog == null ? -1 : watchdog.pid();
    }

    @Override
    public void close() throws IOException {
        // the watchdog first: an orderly stop must not race its fast shutdown
        if (watchdog != null) {
            watchdog.stop();
        }
        postgres.close();
    }
}
