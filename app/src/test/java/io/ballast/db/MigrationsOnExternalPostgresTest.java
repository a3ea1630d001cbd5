package io.ballast.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;

/**
 * The Flyway migrations from an empty schema on the machine's PostgreSQL (127.0.0.1:5432, database test, trust
 * auth; override with -Dballast.test.pg.url/-user). Skipped with a message where no such server runs: the API
 * tests migrate the embedded PostgreSQL on every run anyway.
 */
class MigrationsOnExternalPostgresTest {

    private static final String URL = System.getProperty("ballast.test.pg.url", "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String USER = System.getProperty("ballast.test.pg.user", "postgres");

    @Test
    void emptySchemaMigratesToTheFullSchemaAndAgainIsANoOp() throws SQLException {
        Connection probe = connect();
        assumeTrue(probe != null, "no PostgreSQL at " + URL + " as " + USER + " - skipped");
        String schema = "ballast_mig_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (probe) {
            Flyway flyway = Flyway.configure().dataSource(URL, USER, "").schemas(schema)
                    .locations("classpath:db/migration").load();
            MigrateResult first = flyway.migrate();
            MigrateResult second = flyway.migrate();

            assertThat(first.migrationsExecuted).isPositive();
            assertThat(second.migrationsExecuted).isZero();
            assertThat(tables(probe, schema)).contains("node", "ha_resource", "ha_rule", "ha_rule_resource",
                    "ha_rule_node", "crs_settings", "node_request", "arm_state", "service_status", "node_status",
                    "manager_state", "crm_command", "audit_event");
            try (Statement st = probe.createStatement();
                 ResultSet rs = st.executeQuery("SELECT ha, auto_rebalance_threshold, auto_rebalance_hold_duration,"
                         + " auto_rebalance_margin, shutdown_policy FROM " + schema + ".crs_settings")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("basic");
                assertThat(rs.getInt(2)).isEqualTo(30);
                assertThat(rs.getInt(3)).isEqualTo(3);
                assertThat(rs.getInt(4)).isEqualTo(10);
                assertThat(rs.getString(5)).isEqualTo("conditional");
            }
        } finally {
            try (Connection c = connect(); Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    private static List<String> tables(Connection c, String schema) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = c.getMetaData().getTables(null, schema, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                out.add(rs.getString("TABLE_NAME"));
            }
        }
        return out;
    }

    private static Connection connect() {
        try {
            return DriverManager.getConnection(URL, USER, "");
        } catch (SQLException e) {
            return null;
        }
    }
}
