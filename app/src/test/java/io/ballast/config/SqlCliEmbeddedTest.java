package io.ballast.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ballast sql} on the embedded database of a BALLAST_HOME: on the running PostgreSQL's port while one runs,
 * and on one it starts and stops itself when none does.
 */
class SqlCliEmbeddedTest {

    @TempDir
    Path home;

    record Run(int exit, String out, String err) {
    }

    private Run sql(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = SqlCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of("BALLAST_HOME", home.toString()));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheDatabaseOfARunningOrAStoppedBallast() throws Exception {
        Path dir = home.resolve("data").resolve("pg");
        assertThat(sql("select 1").err()).startsWith("ballast sql: no embedded database in " + dir);
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir, 0);
             Connection c = DriverManager.getConnection(db.jdbcUrl(), EmbeddedDatabase.APP_ROLE, db.appPassword());
             Statement st = c.createStatement()) {
            st.execute("CREATE TABLE kept (v int, note text); INSERT INTO kept VALUES (42, 'the answer')");
            // running: the port of its postmaster.pid, the password of data/pg.ballast.password
            Run running = sql("select v, note from kept");
            assertThat(running.exit()).as(running.err()).isZero();
            assertThat(running.err()).isEmpty();
            assertThat(running.out().lines().toList()).containsExactly("v  | note", "---+-----------",
                    "42 | the answer", "(1 row)");
        }
        // stopped: started for the statement, and stopped again
        Run stopped = sql("--data-dir", dir.toString(), "select count(*) as n from kept");
        assertThat(stopped.exit()).as(stopped.err()).isZero();
        assertThat(stopped.err()).contains("Ballast is not running; starting its embedded PostgreSQL");
        assertThat(stopped.out()).contains("1\n(1 row)");
        assertThat(dir.resolve(StalePostmaster.PID_FILE)).as("its PostgreSQL was stopped again").satisfies(
                p -> assertThat(Files.exists(p)).isFalse());
    }
}
