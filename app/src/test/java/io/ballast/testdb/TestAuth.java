package io.ballast.testdb;

import io.ballast.security.Role;
import io.ballast.security.TokenFormat;
import java.net.http.HttpRequest;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The one way tests get in: every Spring test context seeds this admin token (name {@code bootstrap}) through
 * {@code ballast.security.bootstrap-token}, and the shared TestRestTemplate sends it unless a request carries its
 * own Authorization header. Tests that use java.net.http add {@link #bearer}.
 */
public final class TestAuth {

    public static final String ADMIN_TOKEN = "blst_7e57ad000001_TestOnlyAdminTokenForTheBallastTestSuite-01";
    public static final String ADMIN_NAME = "bootstrap";

    private TestAuth() {
    }

    public static String header() {
        return "Bearer " + ADMIN_TOKEN;
    }

    public static HttpRequest.Builder bearer(HttpRequest.Builder builder) {
        return builder.header("Authorization", header());
    }

    /**
     * A token named {@code name} with {@code role}, stored straight into api_token (no audit row, so tests that
     * count audit rows are not disturbed). The value depends only on name and role, so repeated calls agree.
     */
    public static String tokenFor(JdbcTemplate jdbc, String name, Role role) {
        String id = TokenFormat.hash(role.id() + "/" + name).substring(0, 12);
        String secret = (TokenFormat.hash("secret/" + role.id() + "/" + name) + "0000000000").substring(0, 43);
        jdbc.update("INSERT INTO api_token (id, name, role, secret_hash, created_by) VALUES (?, ?, ?, ?, 'test')"
                + " ON CONFLICT DO NOTHING", id, name, role.id(), TokenFormat.hash(secret));
        return TokenFormat.format(id, secret);
    }
}
