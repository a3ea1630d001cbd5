package io.ballast.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings an embedded cluster to the state Ballast runs in, on every start (each step is idempotent): password
 * (SCRAM) authentication only, a non-superuser role {@code ballast} that owns database {@code ballast} and all of
 * Ballast's tables, and no connection to the other databases for it. A data directory from before passwords
 * (trust authentication, Ballast's tables in database {@code postgres}) is migrated once: the superuser gets its
 * password, pg_hba.conf is rewritten, and database {@code postgres} becomes database {@code ballast}.
 */
final class DatabaseHardening {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseHardening.class);
    private static final String ROLE = EmbeddedDatabase.APP_ROLE;
    private static final String DB = EmbeddedDatabase.APP_DATABASE;

    /** Local socket and loopback only, a password for everyone; no replication. */
    static final String PG_HBA = """
            # written by Ballast at every start (io.ballast.config.DatabaseHardening): passwords only, loopback only
            # TYPE  DATABASE  USER  ADDRESS       METHOD
            local   all       all                 scram-sha-256
            host    all       all   127.0.0.1/32  scram-sha-256
            host    all       all   ::1/128       scram-sha-256
            """;

    private DatabaseHardening() {
    }

    static void apply(int port, Path dataDir, DatabaseCredentials credentials, boolean legacy) throws IOException {
        try {
            if (legacy) {
                LOG.warn("data directory {} trusts local connections (made before Ballast set passwords): setting"
                        + " passwords and moving Ballast's tables to role '{}', once", dataDir, ROLE);
                try (Connection c = connect(port, "postgres", credentials.superuser());
                     Statement s = c.createStatement()) {
                    s.execute("SET password_encryption = 'scram-sha-256'");
                    s.execute("ALTER ROLE postgres PASSWORD " + literal(credentials.superuser()));
                }
            }
            if (dataDir != null) {
                writeHba(port, dataDir, credentials);
            }
            try (Connection c = connect(port, "template1", credentials.superuser()); Statement s = c.createStatement()) {
                s.execute("SET password_encryption = 'scram-sha-256'");
                String attributes = " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD "
                        + literal(credentials.app());
                s.execute((exists(s, "SELECT 1 FROM pg_roles WHERE rolname = '" + ROLE + "'") ? "ALTER" : "CREATE")
                        + " ROLE " + ROLE + attributes);
                if (!exists(s, "SELECT 1 FROM pg_database WHERE datname = '" + DB + "'")) {
                    if (hasBallastTables(port, credentials)) {
                        // Ballast's tables are in database postgres (older versions): that database becomes Ballast's
                        s.execute("ALTER DATABASE postgres RENAME TO " + DB);
                        s.execute("CREATE DATABASE postgres");
                        LOG.warn("database 'postgres' renamed to '{}' (Ballast's tables), an empty 'postgres' created", DB);
                    } else {
                        s.execute("CREATE DATABASE " + DB + " OWNER " + ROLE);
                    }
                }
                s.execute("ALTER DATABASE " + DB + " OWNER TO " + ROLE);
                // the application's role reaches its own database only
                s.execute("REVOKE CONNECT, TEMPORARY ON DATABASE postgres FROM PUBLIC");
                s.execute("REVOKE CONNECT, TEMPORARY ON DATABASE template1 FROM PUBLIC");
            }
            try (Connection c = connect(port, DB, credentials.superuser()); Statement s = c.createStatement()) {
                s.execute("ALTER SCHEMA public OWNER TO " + ROLE);
                // tables Ballast created as the superuser before (their sequences and indexes follow them)
                s.execute("""
                        DO $$
                        DECLARE r record;
                        BEGIN
                          FOR r IN SELECT c.oid::regclass AS name FROM pg_class c
                                   JOIN pg_namespace n ON n.oid = c.relnamespace
                                   WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
                                     AND pg_get_userbyid(c.relowner) <> '%1$s'
                          LOOP
                            EXECUTE format('ALTER TABLE %%s OWNER TO %1$s', r.name);
                          END LOOP;
                          FOR r IN SELECT c.oid::regclass AS name FROM pg_class c
                                   JOIN pg_namespace n ON n.oid = c.relnamespace
                                   WHERE n.nspname = 'public' AND c.relkind = 'S'
                                     AND pg_get_userbyid(c.relowner) <> '%1$s'
                                     AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i'))
                          LOOP
                            EXECUTE format('ALTER SEQUENCE %%s OWNER TO %1$s', r.name);
                          END LOOP;
                        END $$""".formatted(ROLE));
            }
        } catch (SQLException e) {
            throw new IOException("cannot prepare the embedded PostgreSQL for Ballast (role '" + ROLE + "', database '"
                    + DB + "'): " + e.getMessage(), e);
        }
    }

    /** Rewrites pg_hba.conf when it differs (any trust line included) and makes the server read it again. */
    private static void writeHba(int port, Path dataDir, DatabaseCredentials credentials) throws IOException, SQLException {
        Path hba = dataDir.resolve("pg_hba.conf");
        if (Files.exists(hba) && Files.readString(hba, StandardCharsets.UTF_8).equals(PG_HBA)) {
            return;
        }
        Files.writeString(hba, PG_HBA, StandardCharsets.UTF_8);
        try (Connection c = connect(port, "template1", credentials.superuser()); Statement s = c.createStatement()) {
            s.execute("SELECT pg_reload_conf()");
        }
    }

    private static boolean hasBallastTables(int port, DatabaseCredentials credentials) throws SQLException {
        try (Connection c = connect(port, "postgres", credentials.superuser()); Statement s = c.createStatement()) {
            return exists(s, "SELECT 1 FROM pg_tables WHERE schemaname = 'public' AND tablename = 'flyway_schema_history'");
        }
    }

    private static boolean exists(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            return rs.next();
        }
    }

    static Connection connect(int port, String database, String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("password", password);
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/" + database, p);
    }

    /** A SQL string literal; the passwords are base64url, this only guards against a hand-edited file. */
    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
