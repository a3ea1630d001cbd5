package io.ballast.security;

import io.ballast.audit.AuditLog;
import io.ballast.web.ApiException;
import io.ballast.web.Inputs;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** API tokens in table api_token: created, listed, revoked (all audited) and checked on each request. */
@Service
public class TokenService {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    private static final String COLUMNS = "id, name, role, created_at, created_by";

    private final JdbcTemplate jdbc;
    private final AuditLog audit;

    public TokenService(JdbcTemplate jdbc, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /** A new token: the only moment its secret exists outside the client. */
    public record Issued(String token, ApiToken info) {
        @Override
        public String toString() {
            return "Issued[" + info + "]";
        }
    }

    @Transactional
    public Issued create(String name, Role role) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw ApiException.invalid("name",
                    "1-64 characters: letters, digits, '.', '_', '@', '-', starting with a letter or digit");
        }
        if (role == null) {
            throw ApiException.invalid("role", "must be viewer, operator or admin");
        }
        jdbc.execute("LOCK TABLE api_token IN SHARE ROW EXCLUSIVE MODE");   // two creates of one name: one wins
        if (find(name).isPresent()) {
            throw ApiException.conflict("/problems/duplicate", "a token named '" + name + "' exists", "name");
        }
        String id = TokenFormat.newId();
        String secret = TokenFormat.newSecret();
        insert(id, name, role, TokenFormat.hash(secret));
        ApiToken info = find(name).orElseThrow();
        audit.config("api_token", name, "create", null, describe(info));
        return new Issued(TokenFormat.format(id, secret), info);
    }

    /** Seeds a token whose value the operator chose (ballast.security.bootstrap-token); kept if it exists. */
    @Transactional
    public ApiToken ensure(String token, String name, Role role) {
        TokenFormat.Parsed parsed = TokenFormat.parse(token).orElseThrow(() -> new IllegalArgumentException(
                "ballast.security.bootstrap-token must look like blst_<12 hex digits>_<43 base64url characters>"));
        Optional<ApiToken> existing = byId(parsed.id());
        if (existing.isPresent()) {
            return existing.get();
        }
        insert(parsed.id(), name, role, TokenFormat.hash(parsed.secret()));
        ApiToken info = byId(parsed.id()).orElseThrow();
        audit.config("api_token", name, "create", null, describe(info));
        return info;
    }

    public List<ApiToken> list() {
        return jdbc.query("SELECT " + COLUMNS + " FROM api_token ORDER BY name", TokenService::row);
    }

    public Optional<ApiToken> find(String name) {
        return jdbc.query("SELECT " + COLUMNS + " FROM api_token WHERE name = ?", TokenService::row, name).stream().findFirst();
    }

    private Optional<ApiToken> byId(String id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM api_token WHERE id = ?", TokenService::row, id).stream().findFirst();
    }

    public boolean anyAdmin() {
        Boolean any = jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM api_token WHERE role = 'admin')", Boolean.class);
        return Boolean.TRUE.equals(any);
    }

    @Transactional
    public void revoke(String name) {
        ApiToken token = find(name).orElseThrow(() -> ApiException.notFound("token", Inputs.shown(name)));
        jdbc.update("DELETE FROM api_token WHERE id = ?", token.id());
        audit.config("api_token", name, "revoke", describe(token), null);
    }

    /** The token's row when {@code presented} is a valid, unrevoked token. */
    public Optional<ApiToken> authenticate(String presented) {
        Optional<TokenFormat.Parsed> parsed = TokenFormat.parse(presented);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        List<Map.Entry<ApiToken, String>> rows = jdbc.query("SELECT " + COLUMNS + ", secret_hash FROM api_token WHERE id = ?",
                (rs, i) -> Map.entry(row(rs, i), rs.getString("secret_hash")), parsed.get().id());
        // an unknown id still costs a hash, so timing does not tell ids apart
        String stored = rows.isEmpty() ? "0".repeat(64) : rows.get(0).getValue();
        boolean ok = TokenFormat.matches(parsed.get().secret(), stored);
        return ok && !rows.isEmpty() ? Optional.of(rows.get(0).getKey()) : Optional.empty();
    }

    private void insert(String id, String name, Role role, String hash) {
        jdbc.update("INSERT INTO api_token (id, name, role, secret_hash, created_by) VALUES (?, ?, ?, ?, ?)",
                id, name, role.id(), hash, AuditLog.actor());
    }

    /** What the audit trail and the API show of a token: never the secret or its hash. */
    public static Map<String, Object> describe(ApiToken t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", t.name());
        m.put("role", t.role().id());
        m.put("id", t.id());
        m.put("created_at", t.createdAt() == null ? null : t.createdAt().toString());
        m.put("created_by", t.createdBy());
        return m;
    }

    private static ApiToken row(ResultSet rs, int i) throws SQLException {
        Timestamp at = rs.getTimestamp("created_at");
        return new ApiToken(rs.getString("id"), rs.getString("name"), Role.of(rs.getString("role")),
                at == null ? null : at.toInstant(), rs.getString("created_by"));
    }
}
