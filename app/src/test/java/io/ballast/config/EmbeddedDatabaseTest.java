package io.ballast.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL as Ballast starts it: durable settings in force, and a Ballast killed with SIGKILL
 * (a child JVM here) never blocks the next start, whether its postmaster is still running or only its pid file
 * is left.
 */
class EmbeddedDatabaseTest {

    @TempDir
    Path tmp;

    private Process child;

    @AfterEach
    void killChild() {
        if (child != null) {
            child.descendants().forEach(ProcessHandle::destroyForcibly);
            child.destroyForcibly();
        }
    }

    @Test
    void durableSettingsAreInForceAndAStalePidFileDoesNotBlockTheStart() throws Exception {
        Path dir = tmp.resolve("pg");
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir, 0)) {
            assertThat(settings(dir, db.port())).containsExactly("fsync=on", "full_page_writes=on", "synchronous_commit=on");
            sql(dir, db.port(), "CREATE TABLE kept (v int); INSERT INTO kept VALUES (42)");
        }
        // a pid file left by a killed postmaster whose PID now belongs to an unrelated live process
        Process unrelated = new ProcessBuilder("sleep", "60").start();
        try {
            Files.writeString(dir.resolve(StalePostmaster.PID_FILE), unrelated.pid() + "\n" + dir + "\n");
            try (EmbeddedDatabase db = EmbeddedDatabase.start(dir, 0)) {
                assertThat(query(dir, db.port(), "SELECT v FROM kept")).isEqualTo("42");
                assertThat(settings(dir, db.port())).containsExactly("fsync=on", "full_page_writes=on", "synchronous_commit=on");
            }
            assertThat(unrelated.isAlive()).as("the unrelated process is left alone").isTrue();
        } finally {
            unrelated.destroyForcibly();
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aKilledBallastNeverBlocksTheNextStart() throws Exception {
        Path dir = tmp.resolve("pg");

        // Ballast alone killed: its watchdog stops PostgreSQL
        long[] first = startChild(dir);
        sql(dir, (int) first[2], "CREATE TABLE kept (v int); INSERT INTO kept VALUES (7)");
        ProcessHandle postmaster = ProcessHandle.of(first[0]).orElseThrow();
        child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        assertThat(postmaster.onExit().completeOnTimeout(null, 20, TimeUnit.SECONDS).get())
                .as("postmaster %d stopped after its JVM died", first[0]).isNotNull();

        // Ballast and its watchdog killed: the postmaster is orphaned and still holds the directory
        long[] second = startChild(dir);
        ProcessHandle orphan = ProcessHandle.of(second[0]).orElseThrow();
        ProcessHandle.of(second[1]).ifPresent(ProcessHandle::destroyForcibly);
        child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        Thread.sleep(1500);
        assertThat(orphan.isAlive()).as("orphaned postmaster still running").isTrue();
        assertThat(StalePostmaster.isPostmasterOf(orphan, dir.toAbsolutePath())).isTrue();

        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir, 0)) {
            assertThat(orphan.isAlive()).isFalse();
            assertThat(db.postmasterPid()).isNotEqualTo(second[0]);
            assertThat(query(dir, db.port(), "SELECT v FROM kept")).isEqualTo("7");
        }
    }

    /** Starts {@link EmbeddedDatabaseChild} on {@code dir}; returns its postmaster PID, watchdog PID and port. */
    private long[] startChild(Path dir) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                EmbeddedDatabaseChild.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        StringBuilder seen = new StringBuilder();
        String line;
        while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
            seen.append(line).append('\n');
            if (line.startsWith("ready ")) {
                String[] f = line.split(" ");
                // keep draining the child's output so it never blocks on a full pipe
                Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "child-drain");
                drain.setDaemon(true);
                drain.start();
                return new long[] {Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3])};
            }
        }
        throw new AssertionError("child did not start the database:\n" + seen);
    }

    private static List<String> settings(Path dir, int port) throws SQLException {
        return List.of("fsync", "full_page_writes", "synchronous_commit").stream().map(name -> {
            try {
                return name + "=" + query(dir, port, "SHOW " + name);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private static String query(Path dir, int port, String sql) throws SQLException {
        try (Connection c = connect(dir, port); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void sql(Path dir, int port, String sql) throws SQLException {
        try (Connection c = connect(dir, port); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** As the application connects: role ballast, its password from the file beside the data directory. */
    static Connection connect(Path dir, int port) throws SQLException {
        try {
            String password = Files.readString(dir.resolveSibling(dir.getFileName() + ".ballast.password")).strip();
            return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/ballast", "ballast", password);
        } catch (IOException e) {
            throw new SQLException(e);
        }
    }
}
