package io.ballast.resource;

import io.ballast.audit.AuditLog;
import io.ballast.web.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** HA resource configuration: one transaction per request, audit row included. */
@Service
public class ResourceService {

    private static final RowMapper<ResourceConfig> ROW = (rs, i) -> new ResourceConfig(rs.getString("sid"),
            rs.getString("type"), rs.getInt("vmid"), rs.getString("state"), rs.getInt("max_restart"),
            rs.getInt("max_relocate"), rs.getBoolean("failback"), rs.getBoolean("rebalance"), rs.getString("comment"));

    private final JdbcTemplate jdbc;
    private final AuditLog audit;

    public ResourceService(JdbcTemplate jdbc, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    @Transactional(readOnly = true)
    public List<ResourceConfig> list() {
        return jdbc.query("SELECT * FROM ha_resource ORDER BY type, vmid", ROW);
    }

    @Transactional(readOnly = true)
    public ResourceConfig get(String sid) {
        return find(sid, false).orElseThrow(() -> ApiException.notFound("resource", sid));
    }

    @Transactional
    public ResourceConfig create(Map<String, Object> body) {
        Map<String, Object> rest = new LinkedHashMap<>(body);
        Object type = rest.remove("type");
        String sid = ResourceInput.sid(rest.remove("sid"), type);
        ResourceConfig config = ResourceInput.apply(ResourceConfig.defaults(sid), rest, null);
        Integer clash = jdbc.queryForObject("SELECT count(*) FROM ha_resource WHERE vmid = ?", Integer.class, config.vmid());
        if (clash != null && clash > 0) {
            throw ApiException.conflict("/problems/duplicate", "resource with VMID " + config.vmid() + " already exists", "sid");
        }
        jdbc.update("INSERT INTO ha_resource (sid, type, vmid, state, max_restart, max_relocate, failback, rebalance, comment)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", config.sid(), config.type(), config.vmid(), config.state(),
                config.maxRestart(), config.maxRelocate(), config.failback(), config.rebalance(), config.comment());
        audit.config("resource", sid, "create", null, config.toMap());
        return config;
    }

    @Transactional
    public ResourceConfig update(String sid, Map<String, Object> body, String ifMatch) {
        ResourceConfig before = find(sid, true).orElseThrow(() -> ApiException.notFound("resource", sid));
        Map<String, Object> rest = new LinkedHashMap<>(body);
        Object digest = rest.remove("digest");
        if (digest == null && ifMatch != null) {
            digest = ifMatch.replace("\"", "");
        }
        if (digest != null && !digest.equals(digest(before))) {
            throw ApiException.conflict("/problems/stale-digest",
                    "resource " + sid + " was changed by someone else (digest mismatch); reload and retry", "digest");
        }
        Object delete = rest.remove("delete");
        // spec §2.5: a resource in error only leaves it by being disabled
        if ("error".equals(jdbc.query("SELECT state FROM service_status WHERE sid = ?", (rs, i) -> rs.getString(1), sid)
                .stream().findFirst().orElse(null))
                && (delete != null || !rest.keySet().equals(java.util.Set.of("state")) || !"disabled".equals(rest.get("state")))) {
            throw ApiException.conflict("/problems/resource-in-error", "resource " + sid
                    + " is in error state: the only allowed change is state=disabled", "state");
        }
        List<?> deleteKeys = delete == null ? null
                : delete instanceof List<?> l ? l
                : delete instanceof String s ? List.of(s.split("[,;\\s]+"))
                : null;
        if (delete != null && deleteKeys == null) {
            throw ApiException.invalid("delete", "must be a list of keys or a comma separated string");
        }
        ResourceConfig after = ResourceInput.apply(before, rest, deleteKeys);
        jdbc.update("UPDATE ha_resource SET state = ?, max_restart = ?, max_relocate = ?, failback = ?, rebalance = ?,"
                        + " comment = ?, updated_at = now() WHERE sid = ?", after.state(), after.maxRestart(),
                after.maxRelocate(), after.failback(), after.rebalance(), after.comment(), sid);
        audit.config("resource", sid, "update", before.toMap(), after.toMap());
        return after;
    }

    @Transactional
    public void delete(String sid, boolean purge) {
        ResourceConfig before = find(sid, true).orElseThrow(() -> ApiException.notFound("resource", sid));
        List<String> touchedRules = jdbc.queryForList("SELECT rule_id FROM ha_rule_resource WHERE sid = ? ORDER BY rule_id", String.class, sid);
        if (!touchedRules.isEmpty() && !purge) {
            throw ApiException.conflict("/problems/in-use", "resource " + sid + " is used by rules " + touchedRules
                    + "; delete with purge=1 or edit the rules first", "purge");
        }
        jdbc.update("DELETE FROM ha_rule_resource WHERE sid = ?", sid);
        for (String rule : touchedRules) {
            Integer left = jdbc.queryForObject("SELECT count(*) FROM ha_rule_resource WHERE rule_id = ?", Integer.class, rule);
            if (left != null && left == 0) {
                jdbc.update("DELETE FROM ha_rule WHERE id = ?", rule);   // a rule without resources is dropped, as in Proxmox
                audit.config("rule", rule, "delete", Map.of("id", rule), null);
            }
        }
        jdbc.update("DELETE FROM ha_resource WHERE sid = ?", sid);
        audit.config("resource", sid, "delete", before.toMap(), null);
    }

    /** Proxmox-style digest: SHA-1 over the resource's configuration. */
    public static String digest(ResourceConfig config) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(sha1.digest(config.toMap().toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Optional<ResourceConfig> find(String sid, boolean forUpdate) {
        return jdbc.query("SELECT * FROM ha_resource WHERE sid = ?" + (forUpdate ? " FOR UPDATE" : ""), ROW, sid).stream().findFirst();
    }
}
