package io.ballast.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.config.SqlCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;

/**
 * {@code ballast sql} on the service's database (here the external one the tests use, reached with the service's
 * own settings): a readable table, read-only unless --write, and every query of docs/audit.md runs with it.
 */
class SqlCommandTest extends ApiTestBase {

    @Autowired
    Environment environment;

    record Run(int exit, String out, String err) {
    }

    private Run sql(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = Map.of("BALLAST_DB_MODE", "external",
                "SPRING_DATASOURCE_URL", environment.getProperty("spring.datasource.url"),
                "SPRING_DATASOURCE_USERNAME", environment.getProperty("spring.datasource.username", ""),
                "SPRING_DATASOURCE_PASSWORD", environment.getProperty("spring.datasource.password", ""));
        int exit = SqlCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @BeforeEach
    void history() {
        emptyConfiguration();
        call(HttpMethod.POST, "/api/v1/resources", "{\"sid\":\"vm:101\"}", "alice");
        call(HttpMethod.PUT, "/api/v1/resources/vm:101", "{\"state\":\"stopped\"}", "bob");
    }

    @Test
    void printsATableWithAHeaderARuleAndTheRowCount() {
        Run r = sql("select actor, operation, after->>'state' as state from audit_event where entity_id = 'vm:101'"
                + " order by id");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().lines().toList()).containsExactly(
                "actor | operation | state",
                "------+-----------+--------",
                "alice | create    | started",
                "bob   | update    | stopped",
                "(2 rows)");
        Run csv = sql("--csv", "select actor, operation from audit_event where entity_id = 'vm:101' order by id");
        assertThat(csv.out().lines().toList()).containsExactly("actor,operation", "alice,create", "bob,update");
    }

    @Test
    void isReadOnlyUnlessWriteIsGiven() {
        long before = auditRows();
        Run refused = sql("delete from audit_event");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).startsWith("ballast sql: ").contains("read-only").contains("--write");
        assertThat(auditRows()).isEqualTo(before);

        Run written = sql("--write", "delete from audit_event where entity_id = 'vm:101' and operation = 'update'");
        assertThat(written.exit()).as(written.err()).isZero();
        assertThat(written.out()).isEqualTo("1 row(s) changed\n");
        assertThat(auditRows()).isEqualTo(before - 1);
    }

    @Test
    void aBadStatementIsOneLineNamingTheProblem() {
        Run r = sql("select nope from audit_event");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().lines().toList()).singleElement().asString()
                .startsWith("ballast sql: ERROR: column \"nope\" does not exist");
    }

    @Test
    void everyQueryOfTheAuditDocsRuns() throws IOException {
        List<String> queries = documentedQueries(Path.of("..", "docs", "audit.md"));
        assertThat(queries).hasSizeGreaterThanOrEqualTo(6);
        for (String q : queries) {
            Run r = sql(q);
            assertThat(r.exit()).as("%s: %s", q, r.err()).isZero();
            assertThat(r.out()).as(q).containsPattern("\\((\\d+ rows|1 row)\\)\\n$");
        }
        // "every change to vm:101 in the last day" finds the two changes above
        String lastDay = queries.stream().filter(q -> q.contains("entity_id = 'vm:101'")).findFirst().orElseThrow();
        assertThat(sql(lastDay).out()).contains("(2 rows)").contains("create").contains("update");
    }

    /** The statements of the docs' ```sql blocks, without the shell quoting a reader adds. */
    static List<String> documentedQueries(Path doc) throws IOException {
        Matcher m = Pattern.compile("```sql\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(doc));
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1).strip().replaceAll(";$", ""));
        }
        return out;
    }
}
