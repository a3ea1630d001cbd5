package io.ballast.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.security.Role;
import io.ballast.testdb.TestAuth;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Tokens, sessions and CSRF over real HTTP: what a foreign web page or a client without the right token can
 * and cannot do. The endpoint × role walk is {@link EndpointRoleMatrixTest}.
 */
class AuthApiTest extends ApiTestBase {

    @LocalServerPort
    int port;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void clean() {
        emptyConfiguration();
        jdbc.update("DELETE FROM api_token WHERE name <> ?", TestAuth.ADMIN_NAME);
    }

    private HttpResponse<String> send(String method, String path, String body, String contentType, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, Object> json(HttpResponse<String> r) {
        return asMap(JSON.readValue(r.body(), Map.class));
    }

    @Test
    void noTokenBadTokenOrAnotherSchemeIs401ProblemJson() throws Exception {
        for (String[] auth : List.of(new String[0], new String[] {"Authorization", "Bearer blst_000000000000_" + "x".repeat(43)},
                new String[] {"Authorization", "Bearer nonsense"}, new String[] {"Authorization", "Basic YWRtaW46YWRtaW4="},
                new String[] {"Authorization", "Bearer " + TestAuth.ADMIN_TOKEN.substring(0, TestAuth.ADMIN_TOKEN.length() - 1) + "Y"})) {
            HttpResponse<String> r = send("GET", "/api/v1/status", null, null, auth);
            assertThat(r.statusCode()).as(String.join(" ", auth)).isEqualTo(401);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
            assertThat(json(r)).containsEntry("type", "/problems/unauthorized").containsEntry("status", 401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        }
        // health stays open for probes, and nothing else leaks without a token
        assertThat(send("GET", "/actuator/health", null, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/v1/no-such-thing", null, null).statusCode()).isEqualTo(401);
    }

    @Test
    void tooLowARoleIs403NamingTheRoleNeeded() throws Exception {
        String viewer = TestAuth.tokenFor(jdbc, "vera", Role.VIEWER);
        HttpResponse<String> r = send("POST", "/api/v1/status/disarm-ha", null, null, "Authorization", "Bearer " + viewer);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(json(r)).containsEntry("type", "/problems/forbidden");
        assertThat((String) json(r).get("detail")).contains("operator");
        assertThat(send("GET", "/api/v1/status", null, null, "Authorization", "Bearer " + viewer).statusCode()).isEqualTo(200);
    }

    @Test
    void adminsCreateListAndRevokeTokensAndTheSecretIsShownOnce() throws Exception {
        String admin = "Bearer " + TestAuth.ADMIN_TOKEN;
        HttpResponse<String> created = send("POST", "/api/v1/tokens", "{\"name\":\"carol\",\"role\":\"operator\"}",
                "application/json", "Authorization", admin);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String token = (String) json(created).get("token");
        assertThat(token).matches("blst_[0-9a-f]{12}_[A-Za-z0-9_-]{43}");
        assertThat(json(created)).containsEntry("name", "carol").containsEntry("role", "operator")
                .containsEntry("created_by", TestAuth.ADMIN_NAME);
        // stored hashed: neither the token nor its secret is in the table
        String secret = token.substring(18);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM api_token WHERE secret_hash LIKE ? OR secret_hash = ?",
                Integer.class, "%" + secret + "%", secret)).isZero();

        HttpResponse<String> list = send("GET", "/api/v1/tokens", null, null, "Authorization", admin);
        assertThat(list.body()).contains("\"carol\"").doesNotContain(secret).doesNotContain("hash");
        assertThat(send("POST", "/api/v1/tokens", "{\"name\":\"carol\",\"role\":\"viewer\"}", "application/json",
                "Authorization", admin).statusCode()).isEqualTo(409);
        assertThat(send("POST", "/api/v1/tokens", "{\"name\":\"dave\",\"role\":\"root\"}", "application/json",
                "Authorization", admin).statusCode()).isEqualTo(400);

        // carol operates but does not configure, and cannot make tokens
        String carol = "Bearer " + token;
        assertThat(send("POST", "/api/v1/nodes/node2/maintenance", null, null, "Authorization", carol).statusCode()).isEqualTo(200);
        assertThat(send("PUT", "/api/v1/crs", "{\"ha\":\"static\"}", "application/json", "Authorization", carol).statusCode()).isEqualTo(403);
        assertThat(send("POST", "/api/v1/tokens", "{\"name\":\"eve\",\"role\":\"admin\"}", "application/json",
                "Authorization", carol).statusCode()).isEqualTo(403);
        assertThat(jdbc.queryForObject("SELECT actor FROM audit_event WHERE entity_type = 'node' ORDER BY id DESC LIMIT 1",
                String.class)).isEqualTo("carol");

        assertThat(send("DELETE", "/api/v1/tokens/carol", null, null, "Authorization", admin).statusCode()).isEqualTo(204);
        assertThat(send("GET", "/api/v1/status", null, null, "Authorization", carol).statusCode()).isEqualTo(401);
        assertThat(send("DELETE", "/api/v1/tokens/carol", null, null, "Authorization", admin).statusCode()).isEqualTo(404);
        assertThat(jdbc.queryForList("SELECT operation FROM audit_event WHERE entity_type = 'api_token' AND entity_id = 'carol'"
                + " ORDER BY id", String.class)).containsExactly("create", "revoke");
        assertThat(jdbc.queryForList("SELECT coalesce(before::text, '') || coalesce(after::text, '') FROM audit_event"
                + " WHERE entity_type = 'api_token'", String.class)).noneMatch(s -> s.contains(secret) || s.contains("hash"));
    }

    @Test
    void theActorIsTheTokenAndTheActorHeaderOnlyANote() throws Exception {
        String alice = "Bearer " + TestAuth.tokenFor(jdbc, "alice", Role.ADMIN);
        assertThat(send("POST", "/api/v1/resources", "{\"sid\":\"vm:101\"}", "application/json", "Authorization", alice,
                "X-Ballast-Actor", "ha-manager").statusCode()).isEqualTo(201);
        Map<String, Object> row = jdbc.queryForMap("SELECT actor, actor_note FROM audit_event WHERE entity_id = 'vm:101'");
        assertThat(row).containsEntry("actor", "alice").containsEntry("actor_note", "ha-manager");
    }

    @Test
    void aBrowserSessionNeedsTheCsrfHeaderForEveryChangeAndAForeignFormCannotLogIn() throws Exception {
        // a cross-site form can send form-encoded or text/plain, never JSON: no login, no session cookie
        for (String type : List.of("application/x-www-form-urlencoded", "text/plain")) {
            HttpResponse<String> r = send("POST", "/api/v1/session", "{\"token\":\"" + TestAuth.ADMIN_TOKEN + "\"}", type);
            assertThat(r.statusCode()).as(type).isEqualTo(415);
            assertThat(r.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("JSESSIONID"));
        }
        assertThat(send("POST", "/api/v1/session", "{\"token\":\"blst_nope\"}", "application/json").statusCode()).isEqualTo(401);

        HttpResponse<String> login = send("POST", "/api/v1/session", "{\"token\":\"" + TestAuth.ADMIN_TOKEN + "\"}",
                "application/json");
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        String setCookie = login.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID"))
                .findFirst().orElseThrow();
        assertThat(setCookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Strict");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        Map<String, Object> session = json(login);
        assertThat(session).containsEntry("name", TestAuth.ADMIN_NAME).containsEntry("role", "admin")
                .containsEntry("csrf_header", "X-CSRF-TOKEN");
        String csrf = (String) session.get("csrf_token");

        // reads work on the cookie alone
        assertThat(send("GET", "/api/v1/status", null, null, "Cookie", cookie).statusCode()).isEqualTo(200);
        assertThat(json(send("GET", "/api/v1/session", null, null, "Cookie", cookie))).containsEntry("csrf_token", csrf);
        // what a foreign page can send with the cookie: bodiless, form-encoded, JSON without the header, a wrong header
        for (HttpResponse<String> r : List.of(
                send("POST", "/api/v1/status/disarm-ha", null, null, "Cookie", cookie),
                send("POST", "/api/v1/status/disarm-ha", "resource-mode=freeze", "application/x-www-form-urlencoded", "Cookie", cookie),
                send("POST", "/api/v1/resources/vm:101/stop", null, "text/plain", "Cookie", cookie),
                send("PUT", "/api/v1/crs", "{\"ha\":\"static\"}", "application/json", "Cookie", cookie),
                send("POST", "/api/v1/status/disarm-ha", null, null, "Cookie", cookie, "X-CSRF-TOKEN", "guess"))) {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
            assertThat(json(r)).containsEntry("type", "/problems/csrf");
        }
        assertThat(jdbc.queryForObject("SELECT disarmed FROM arm_state WHERE id = 1", Boolean.class)).isFalse();
        assertThat(jdbc.queryForObject("SELECT ha FROM crs_settings WHERE id = 1", String.class)).isEqualTo("basic");

        // with the header the same session changes state
        HttpResponse<String> disarm = send("POST", "/api/v1/status/disarm-ha", null, null, "Cookie", cookie, "X-CSRF-TOKEN", csrf);
        assertThat(disarm.statusCode()).as(disarm.body()).isEqualTo(200);
        assertThat(send("POST", "/api/v1/status/arm-ha", null, null, "Cookie", cookie, "X-CSRF-TOKEN", csrf).statusCode()).isEqualTo(200);

        // logout (itself a change: CSRF header needed) ends the session
        assertThat(send("DELETE", "/api/v1/session", null, null, "Cookie", cookie).statusCode()).isEqualTo(403);
        assertThat(send("DELETE", "/api/v1/session", null, null, "Cookie", cookie, "X-CSRF-TOKEN", csrf).statusCode()).isEqualTo(204);
        assertThat(send("GET", "/api/v1/status", null, null, "Cookie", cookie).statusCode()).isEqualTo(401);
    }

    @Test
    void bearerRequestsAreStatelessAndNeedNoCsrf() throws Exception {
        assertThat(send("GET", "/api/v1/status", null, null, "Authorization", "Bearer " + TestAuth.ADMIN_TOKEN)
                .headers().allValues("Set-Cookie")).as("GET").isEmpty();
        assertThat(send("POST", "/api/v1/nodes/node2/maintenance", null, null, "Authorization", "Bearer " + TestAuth.ADMIN_TOKEN)
                .headers().allValues("Set-Cookie")).as("POST maintenance").isEmpty();
        HttpResponse<String> r = send("POST", "/api/v1/status/disarm-ha", null, null, "Authorization", "Bearer " + TestAuth.ADMIN_TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(send("POST", "/api/v1/status/arm-ha", null, null, "Authorization", "Bearer " + TestAuth.ADMIN_TOKEN)
                .statusCode()).isEqualTo(200);
    }
}
