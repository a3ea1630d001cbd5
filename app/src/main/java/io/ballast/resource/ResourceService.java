package io.ballast.resource;

import io.ballast.audit.AuditLog;
import io.ballast.rule.RuleEntity;
import io.ballast.rule.RuleRepository;
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
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** HA resource configuration: one transaction per request, audit row included. */
@Service
public class ResourceService {

    private final HaResourceRepository resources;
    private final RuleRepository rules;
    private final JdbcTemplate jdbc;
    private final AuditLog audit;

    /** {@code jdbc} only reads the manager's service_status (written per round by the manager store). */
    public ResourceService(HaResourceRepository resources, RuleRepository rules, JdbcTemplate jdbc, AuditLog audit) {
        this.resources = resources;
        this.rules = rules;
        this.jdbc = jdbc;
        this.audit = audit;
    }

    @Transactional(readOnly = true)
    public List<ResourceConfig> list() {
        return resources.findAllOrdered().stream().map(HaResourceEntity::toConfig).toList();
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
        if (resources.existsByVmid(config.vmid())) {
            throw ApiException.conflict("/problems/duplicate", "resource with VMID " + config.vmid() + " already exists", "sid");
        }
        resources.saveAndFlush(new HaResourceEntity(config));
        audit.config("resource", sid, "create", null, config.toMap());
        return config;
    }

    @Transactional
    public ResourceConfig update(String sid, Map<String, Object> body, String ifMatch) {
        HaResourceEntity entity = resources.findForUpdate(sid).orElseThrow(() -> ApiException.notFound("resource", sid));
        ResourceConfig before = entity.toConfig();
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
        entity.assign(after);
        resources.flush();
        audit.config("resource", sid, "update", before.toMap(), after.toMap());
        return after;
    }

    @Transactional
    public void delete(String sid, boolean purge) {
        HaResourceEntity entity = resources.findForUpdate(sid).orElseThrow(() -> ApiException.notFound("resource", sid));
        ResourceConfig before = entity.toConfig();
        List<RuleEntity> touched = rules.findByResource(sid);
        if (!touched.isEmpty() && !purge) {
            throw ApiException.conflict("/problems/in-use", "resource " + sid + " is used by rules "
                    + touched.stream().map(RuleEntity::getId).toList() + "; delete with purge=1 or edit the rules first",
                    "purge");
        }
        for (RuleEntity rule : touched) {
            rule.getResources().remove(sid);
            if (rule.getResources().isEmpty()) {
                rules.delete(rule);   // a rule without resources is dropped, as in Proxmox
                audit.config("rule", rule.getId(), "delete", Map.of("id", rule.getId()), null);
            }
        }
        rules.flush();
        resources.delete(entity);
        resources.flush();
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
        return (forUpdate ? resources.findForUpdate(sid) : resources.findById(sid)).map(HaResourceEntity::toConfig);
    }
}
