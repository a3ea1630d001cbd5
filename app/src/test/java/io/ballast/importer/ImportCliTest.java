package io.ballast.importer;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ballast import} against a stand-in for the service: it finds the service by BALLAST_ADDRESS/BALLAST_PORT
 * with the token of BALLAST_TOKEN, prints refusals one field per line, and warns about CRS settings it changes.
 */
class ImportCliTest {

    @TempDir
    Path dir;

    private HttpServer server;
    private final List<String> requests = new ArrayList<>();
    private volatile int status;
    private volatile String answer;

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", status == 200 ? "application/json"
                    : "application/problem+json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    record Run(int exit, String out, String err) {
    }

    private Run importing(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ImportCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Map<String, String> env() {
        // the service's own variables: a wildcard listen address is reached on the loopback
        return Map.of("BALLAST_ADDRESS", "0.0.0.0", "BALLAST_PORT", Integer.toString(server.getAddress().getPort()),
                "BALLAST_TOKEN", "blst_test_token", "BALLAST_HOME", dir.toString());
    }

    @Test
    void aDryRunFindsTheServiceByItsPortAndWarnsAboutTheSettingsItWouldChange() throws IOException {
        Path dc = Files.writeString(dir.resolve("datacenter.cfg"), "crs: ha=static,ha-rebalance-on-start=1\n");
        status = 200;
        answer = """
                {"dry_run": true, "created_resources": [], "created_rules": [],
                 "crs": {"ha": "static", "ha-rebalance-on-start": true, "ha-auto-rebalance": false},
                 "skipped": [], "crs_changes": [{"setting": "ha", "from": "basic", "to": "static"},
                 {"setting": "ha-auto-rebalance", "from": true, "to": false}]}""";
        Run r = importing(env(), "--datacenter", dc.toString(), "--dry-run");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(requests).singleElement().asString().startsWith("POST /api/v1/import Bearer blst_test_token ")
                .contains("\"datacenter_cfg\":\"crs: ha=static,ha-rebalance-on-start=1\\n\"", "\"dry_run\":true");
        assertThat(r.out()).startsWith("dry run: checked, nothing stored\n").contains("would create 0 rule(s)")
                .contains("CRS settings would be: ha=static ha-rebalance-on-start=true ha-auto-rebalance=false");
        assertThat(r.err().lines().toList()).containsExactly(
                "ballast import: warning: would change ha from basic to static",
                "ballast import: warning: would change ha-auto-rebalance from true to false: automatic rebalancing is"
                        + " off after this import (add ha-auto-rebalance=1 to the crs: line to keep it)");
    }

    @Test
    void aRefusalIsOneLinePerFieldErrorNotRawJson() throws IOException {
        Path rules = Files.writeString(dir.resolve("rules.cfg"), "node-affinity: to-nowhere\n\tresources vm:101\n");
        status = 400;
        answer = """
                {"type": "/problems/invalid-field", "title": "Bad Request", "status": 400,
                 "detail": "rules_cfg[to-nowhere].nodes: unknown node 'node9'", "instance": "/api/v1/import",
                 "errors": [{"field": "rules_cfg[to-nowhere].nodes", "reason": "unknown node 'node9'"},
                            {"field": "rules_cfg[to-nowhere].resources", "reason": "unknown resource 'vm:101'"}]}""";
        Run r = importing(env(), "--rules", rules.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines().toList()).containsExactly(
                "ballast import: refused (400 invalid-field)",
                "ballast import: rules_cfg[to-nowhere].nodes: unknown node 'node9'",
                "ballast import: rules_cfg[to-nowhere].resources: unknown resource 'vm:101'",
                "ballast import: nothing was imported");
    }

    @Test
    void anUnreachableServiceIsNamedWithItsUrlAndAReason() throws IOException {
        Path rules = Files.writeString(dir.resolve("rules.cfg"), "");
        server.stop(0);
        Run r = importing(Map.of("BALLAST_URL", "http://127.0.0.1:" + server.getAddress().getPort()), "--rules",
                rules.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("ballast import: cannot reach Ballast at http://127.0.0.1:"
                + server.getAddress().getPort() + ": connection refused").doesNotContain("(null)");
    }
}
