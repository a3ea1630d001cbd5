package io.ballast.config;

import io.ballast.rules.cli.CliArgs;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ballast sql "select ..."}: one SQL statement on Ballast's database, printed as a table. The embedded
 * database of {@code $BALLAST_HOME/data/pg} is reached on the port its postmaster.pid names while Ballast runs, and
 * started for the query (then stopped) while it does not; the external one from the same settings the service uses
 * ({@code BALLAST_DB_MODE=external}, {@code SPRING_DATASOURCE_URL/USERNAME/PASSWORD}). Read-only (the statement runs in
 * a read-only transaction) unless {@code --write}.
 */
public final class SqlCli {

    static final String USAGE = "usage: ballast sql [--write] [--csv] [--data-dir DIR] \"<statement>\"";
    private static final String HELP = USAGE + """


            Runs one SQL statement on Ballast's database and prints the result as a table (or CSV).
            Embedded database (the default): $BALLAST_HOME/data/pg, database 'ballast', role 'ballast', password in
            $BALLAST_HOME/data/pg.ballast.password. While Ballast runs, its PostgreSQL's port is read from
            data/pg/postmaster.pid; while it does not, the database is started for the query and stopped again.
            External database: BALLAST_DB_MODE=external with SPRING_DATASOURCE_URL, SPRING_DATASOURCE_USERNAME
            and SPRING_DATASOURCE_PASSWORD, as for the service.
              --write          allow changes (default: a read-only transaction, any write is refused)
              --csv            comma-separated values with a header line instead of the table
              --data-dir DIR   the embedded data directory (default $BALLAST_HOME/data/pg)
            Example: ballast sql "select at, kind, entity_id, operation from audit_event order by id desc limit 10"
            """;
    /** A wider cell is cut, so one long JSON column does not wrap every line. */
    static final int MAX_WIDTH = 80;

    private SqlCli() {
    }

    public static int run(String[] args) {
        return run(args, System.out, System.err, System.getenv());
    }

    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        if (CliArgs.wantsHelp(args)) {
            out.print(HELP);
            return 0;
        }
        boolean write = false;
        boolean csv = false;
        Path dataDir = Path.of(env.getOrDefault("BALLAST_HOME", "."), "data", "pg");
        String sql = null;
        try {
            CliArgs cli = new CliArgs(args);
            while (cli.hasNext()) {
                String a = cli.next();
                switch (a) {
                    case "--write" -> write = true;
                    case "--csv" -> csv = true;
                    case "--data-dir" -> dataDir = Path.of(cli.value(a));
                    default -> {
                        if (a.startsWith("-") && !a.contains(" ") || sql != null) {
                            throw CliArgs.unknown(a);
                        }
                        sql = a;
                    }
                }
            }
            if (sql == null || sql.isBlank()) {
                throw new CliArgs.UsageException("give the SQL statement, in quotes");
            }
        } catch (CliArgs.UsageException e) {
            return CliArgs.fail(err, "sql", e.getMessage(), USAGE);
        }
        boolean external = "external".equalsIgnoreCase(env.getOrDefault("BALLAST_DB_MODE", "embedded"));
        EmbeddedDatabase started = null;
        try {
            String url;
            String user;
            String password;
            if (external) {
                url = env.get("SPRING_DATASOURCE_URL");
                if (url == null || url.isBlank()) {
                    CliArgs.error(err, "sql", "BALLAST_DB_MODE=external needs SPRING_DATASOURCE_URL (and _USERNAME, _PASSWORD)");
                    return 2;
                }
                user = env.get("SPRING_DATASOURCE_USERNAME");
                password = env.get("SPRING_DATASOURCE_PASSWORD");
            } else {
                Path dir = dataDir.toAbsolutePath().normalize();
                if (!Files.exists(dir.resolve("postgresql.conf"))) {
                    CliArgs.error(err, "sql", "no embedded database in " + dir + " (has Ballast run with this "
                            + "BALLAST_HOME? --data-dir names another one)");
                    return 2;
                }
                Path passwordFile = DatabaseCredentials.appPasswordFile(dir);
                Optional<Integer> port = runningPort(dir);
                if (port.isPresent()) {
                    url = "jdbc:postgresql://localhost:" + port.get() + "/" + EmbeddedDatabase.APP_DATABASE;
                    password = Files.readString(passwordFile, StandardCharsets.US_ASCII).strip();
                } else {
                    err.println("ballast sql: Ballast is not running; starting its embedded PostgreSQL for this statement");
                    started = EmbeddedDatabase.start(dir, 0);
                    url = started.jdbcUrl();
                    password = started.appPassword();
                }
                user = EmbeddedDatabase.APP_ROLE;
            }
            try (Connection c = DriverManager.getConnection(url, user, password)) {
                c.setAutoCommit(false);
                c.setReadOnly(!write);   // BEGIN READ ONLY: PostgreSQL itself refuses any change
                try (Statement st = c.createStatement()) {
                    boolean rows = st.execute(sql);
                    if (rows) {
                        try (ResultSet rs = st.getResultSet()) {
                            print(rs, out, csv);
                        }
                    } else {
                        out.println(st.getUpdateCount() + " row(s) changed");
                    }
                }
                if (write) {
                    c.commit();
                } else {
                    c.rollback();
                }
            }
            return 0;
        } catch (SQLException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
            if ("25006".equals(e.getSQLState())) {
                message += " (read-only by default: add --write to change data)";
            }
            CliArgs.error(err, "sql", message.replace("\n", " "));
            return 1;
        } catch (IOException | RuntimeException e) {
            CliArgs.error(err, "sql", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            return 2;
        } finally {
            if (started != null) {
                try {
                    started.close();
                } catch (IOException e) {
                    CliArgs.error(err, "sql", "stopping the embedded PostgreSQL: " + e.getMessage());
                }
            }
        }
    }

    /**
     * The port of the postmaster running on {@code dataDir}: line 4 of postmaster.pid (PostgreSQL's layout: pid,
     * data directory, start time, port, ...), when the pid on line 1 is a live postgres of that directory.
     */
    static Optional<Integer> runningPort(Path dataDir) {
        Optional<ProcessHandle> postmaster = StalePostmaster.pidOf(dataDir).flatMap(ProcessHandle::of)
                .filter(p -> p.isAlive() && StalePostmaster.isPostmasterOf(p, dataDir));
        if (postmaster.isEmpty()) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve(StalePostmaster.PID_FILE), StandardCharsets.UTF_8);
            return lines.size() > 3 ? Optional.of(Integer.parseInt(lines.get(3).strip())) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    static void print(ResultSet rs, PrintStream out, boolean csv) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        List<String[]> rows = new ArrayList<>();
        String[] header = new String[n];
        for (int i = 0; i < n; i++) {
            header[i] = md.getColumnLabel(i + 1);
        }
        while (rs.next()) {
            String[] row = new String[n];
            for (int i = 0; i < n; i++) {
                String v = rs.getString(i + 1);
                row[i] = v == null ? (csv ? "" : "null") : v;
            }
            rows.add(row);
        }
        if (csv) {
            out.println(csvLine(header));
            rows.forEach(r -> out.println(csvLine(r)));
            return;
        }
        int[] width = new int[n];
        for (int i = 0; i < n; i++) {
            width[i] = header[i].length();
            for (String[] r : rows) {
                r[i] = cell(r[i]);
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        out.println(line(header, width));
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < n; i++) {
            rule.append(i == 0 ? "" : "-+-").append("-".repeat(width[i]));
        }
        out.println(rule);
        rows.forEach(r -> out.println(line(r, width)));
        out.println("(" + rows.size() + (rows.size() == 1 ? " row)" : " rows)"));
    }

    /** One line of a cell: line breaks shown as spaces, cut at MAX_WIDTH. */
    private static String cell(String v) {
        String flat = v.replace("\r", "").replace('\n', ' ').replace('\t', ' ');
        return flat.length() <= MAX_WIDTH ? flat : flat.substring(0, MAX_WIDTH - 3) + "...";
    }

    private static String line(String[] values, int[] width) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            sb.append(i == 0 ? "" : " | ").append(String.format("%-" + width[i] + "s", values[i]));
        }
        return sb.toString().stripTrailing();
    }

    private static String csvLine(String[] values) {
        List<String> cells = new ArrayList<>();
        for (String v : values) {
            boolean quote = v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r");
            cells.add(quote ? "\"" + v.replace("\"", "\"\"") + "\"" : v);
        }
        return String.join(",", cells);
    }
}
