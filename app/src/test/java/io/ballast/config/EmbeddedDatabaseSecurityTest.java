package io.ballast.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL is not an open door for local users: no connection without a password, the application's
 * role is no superuser and cannot run programs, the passwords are owner-only files beside the data, and a data
 * directory made by an older Ballast (trust authentication, tables in database postgres) is migrated on start.
 */
class EmbeddedDatabaseSecurityTest {

    @TempDir
    Path tmp;

    @Test
    void passwordsOnlyAndTheApplicationRoleIsNoSuperuser() throws Exception {
        Path dir = tmp.resolve("pg");
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir, 0)) {
            for (String file : new String[] {"pg.superuser.password", "pg.ballast.password"}) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve(file)))).isEqualTo("rw-------");
            }
            assertRefusedWithoutPassword(db.port());
            try (Connection c = EmbeddedDatabaseTest.connect(dir, db.port()); Statement s = c.createStatement()) {
                assertThat(value(s, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user")).isEqualTo("f");
                assertThat(value(s, "SELECT current_user")).isEqualTo("ballast");
                assertThatThrownBy(() -> s.execute("COPY (SELECT 1) TO PROGRAM 'id'"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("must be superuser");
                assertThatThrownBy(() -> s.execute("CREATE ROLE intruder SUPERUSER")).isInstanceOf(SQLException.class);
                s.execute("CREATE TABLE mine (v int)");   // but it owns its database's schema
            }
            // and reaches no other database
            String appPassword = Files.readString(tmp.resolve("pg.ballast.password")).strip();
            assertThatThrownBy(() -> DriverManager.getConnection("jdbc:postgresql://localhost:" + db.port() + "/postgres",
                    "ballast", appPassword).close()).isInstanceOf(SQLException.class);
            assertThat(Files.readString(dir.resolve("pg_hba.conf"))).doesNotContain("trust").contains("scram-sha-256");
        }
        // a restart finds everything in place
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir, 0);
             Connection c = EmbeddedDatabaseTest.connect(dir, db.port()); Statement s = c.createStatement()) {
            assertThat(value(s, "SELECT count(*) FROM mine")).isEqualTo("0");
        }
    }

    @Test
    void aTemporaryClusterIsHardenedToo() throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(null, 0)) {
            assertRefusedWithoutPassword(db.port());
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(), EmbeddedDatabase.APP_ROLE, db.appPassword());
                 Statement s = c.createStatement()) {
                assertThat(value(s, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user")).isEqualTo("f");
            }
        }
    }

    @Test
    void aDataDirectoryFromBeforePasswordsIsMigratedOnce() throws Exception {
        Path dir = tmp.resolve("pg");
        // as older Ballast versions left it: initdb -A trust, the tables in database postgres owned by postgres
        try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false).start();
             Connection c = old.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE flyway_schema_history (installed_rank int PRIMARY KEY, version text)");
            s.execute("INSERT INTO flyway_schema_history VALUES (1, '1')");
            s.execute("CREATE TABLE ha_resource (id bigserial PRIMARY KEY, sid text)");
            s.execute("INSERT INTO ha_resource (sid) VALUES ('vm:101')");
        }
        assertThat(Files.readString(dir.resolve("pg_hba.conf"))).contains("trust");
        assertThat(tmp.resolve("pg.superuser.password")).doesNotExist();

        for (int start = 0; start < 2; start++) {
            try (EmbeddedDatabase db = EmbeddedDatabase.start(dir, 0)) {
                assertRefusedWithoutPassword(db.port());
                try (Connection c = EmbeddedDatabaseTest.connect(dir, db.port()); Statement s = c.createStatement()) {
                    assertThat(value(s, "SELECT sid FROM ha_resource")).isEqualTo("vm:101");
                    s.execute("INSERT INTO ha_resource (sid) VALUES ('vm:10" + (2 + start) + "')");   // it owns the table and its sequence
                    assertThat(value(s, "SELECT tableowner FROM pg_tables WHERE tablename = 'flyway_schema_history'"))
                            .isEqualTo("ballast");
                    assertThat(value(s, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user")).isEqualTo("f");
                }
            }
        }
        assertThat(Files.readString(dir.resolve("pg_hba.conf"))).doesNotContain("trust");
    }

    private static void assertRefusedWithoutPassword(int port) {
        for (String user : new String[] {"postgres", "ballast"}) {
            for (String database : new String[] {"postgres", "ballast", "template1"}) {
                assertThatThrownBy(() -> DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/" + database,
                        user, "").close()).as(user + "@" + database).isInstanceOf(SQLException.class);
                assertThatThrownBy(() -> DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/" + database,
                        user, "wrong").close()).as(user + "@" + database).isInstanceOf(SQLException.class);
            }
        }
    }

    private static String value(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
