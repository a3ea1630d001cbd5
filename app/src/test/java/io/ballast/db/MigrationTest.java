package io.ballast.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ballast.testdb.TestDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Flyway on an empty database (a fresh schema on the external server, or a new embedded cluster) builds the
 * whole schema from db/migrations: every migration applies, every table exists, the singletons are seeded.
 */
class MigrationTest {

    private EmbeddedPostgres embedded;
    private String schema;

    @AfterEach
    void cleanUp() throws IOException {
        if (schema != null) {
            TestDatabase.dropSchema(schema);
        }
        if (embedded != null) {
            embedded.close();
        }
    }

    @Test
    void migrationsFromAnEmptyDatabaseCreateTheSchema() throws IOException {
        DataSource ds = emptyDatabase();
        String target = schema == null ? "public" : schema;
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        assertThat(jdbc.queryForList("SELECT table_name FROM information_schema.tables WHERE table_schema = ?",
                String.class, target)).isEmpty();

        MigrateResult result = Flyway.configure().dataSource(ds).schemas(target).locations("classpath:db/migration")
                .load().migrate();

        assertThat(result.success).isTrue();
        assertThat(result.migrationsExecuted).isEqualTo(migrationFiles());
        List<String> tables = jdbc.queryForList("SELECT table_name FROM information_schema.tables WHERE table_schema = ?",
                String.class, target);
        assertThat(tables).contains("node", "ha_resource", "ha_rule", "ha_rule_resource", "ha_rule_node", "crs_settings",
                "node_request", "arm_state", "service_status", "node_status", "manager_state", "crm_command",
                "audit_event", "flyway_schema_history");
        String q = target + ".";
        assertThat(jdbc.queryForObject("SELECT ha FROM " + q + "crs_settings WHERE id = 1", String.class)).isEqualTo("basic");
        assertThat(jdbc.queryForObject("SELECT disarmed FROM " + q + "arm_state WHERE id = 1", Boolean.class)).isFalse();
        assertThat(jdbc.queryForObject("SELECT round FROM " + q + "manager_state WHERE id = 1", Long.class)).isZero();
        // the schema, not only the API, refuses what the API refuses (a second guest with the same VMID)
        jdbc.update("INSERT INTO " + q + "ha_resource (sid, type, vmid) VALUES ('vm:100', 'vm', 100)");
        assertThatThrownBy(() -> jdbc.update("INSERT INTO " + q + "ha_resource (sid, type, vmid) VALUES ('ct:100', 'ct', 100)"))
                .hasMessageContaining("unique");
        // a second migrate on the migrated schema is a no-op
        assertThat(Flyway.configure().dataSource(ds).schemas(target).locations("classpath:db/migration").load()
                .migrate().migrationsExecuted).isZero();
    }

    private DataSource emptyDatabase() throws IOException {
        if (TestDatabase.mode() == TestDatabase.Mode.EXTERNAL) {
            schema = TestDatabase.createSchema();
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setUrl(TestDatabase.urlFor(schema));
            ds.setUser(TestDatabase.user());
            return ds;
        }
        embedded = EmbeddedPostgres.builder().start();
        return embedded.getPostgresDatabase();
    }

    /** How many versioned migrations the repository has (db/migrations/V*__*.sql). */
    private static int migrationFiles() throws IOException {
        Path dir = Path.of("..", "db", "migrations");
        try (Stream<Path> files = Files.list(dir)) {
            return (int) files.filter(p -> p.getFileName().toString().matches("V\\d+__.+\\.sql")).count();
        }
    }
}
