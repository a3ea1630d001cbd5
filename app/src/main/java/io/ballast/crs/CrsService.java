package io.ballast.crs;

import io.ballast.audit.AuditLog;
import io.ballast.web.ApiException;
import io.ballast.web.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Cluster resource scheduling settings: validation, update and audit in one transaction. */
@Service
public class CrsService {

    private final CrsSettingsRepository settings;
    private final AuditLog audit;

    public CrsService(CrsSettingsRepository settings, AuditLog audit) {
        this.settings = settings;
        this.audit = audit;
    }

    @Transactional(readOnly = true)
    public Map<String, Object> get() {
        return settings.settings().toMap();
    }

    /** Sets the given keys (all validated first, every bad one reported); returns the settings after. */
    @Transactional
    public Map<String, Object> put(Map<String, Object> body) {
        List<FieldError> errors = new ArrayList<>();
        body.forEach((k, v) -> check(errors, k, v));
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        CrsSettingsEntity entity = settings.settingsForUpdate();
        Map<String, Object> before = entity.toMap();
        body.forEach(entity::set);
        Map<String, Object> after = entity.toMap();
        audit.config("crs", "crs", "update", before, after);
        return after;
    }

    private static void check(List<FieldError> errors, String key, Object v) {
        switch (key) {
            case "ha" -> oneOf(errors, key, v, Set.of("basic", "static", "dynamic"));
            case "ha-auto-rebalance-method" -> oneOf(errors, key, v, Set.of("bruteforce", "topsis", "plan"));
            case "automation-level" -> oneOf(errors, key, v, Set.of("full", "partial", "manual"));
            case "shutdown_policy" -> oneOf(errors, key, v, Set.of("conditional", "freeze", "failover", "migrate"));
            case "ha-rebalance-on-start", "ha-auto-rebalance" -> {
                if (!(v instanceof Boolean)) {
                    errors.add(new FieldError(key, "must be a boolean"));
                }
            }
            case "ha-auto-rebalance-threshold", "ha-auto-rebalance-margin" -> range(errors, key, v, 0, 100);
            case "ha-auto-rebalance-hold-duration" -> range(errors, key, v, 0, Integer.MAX_VALUE);
            case "max_workers" -> range(errors, key, v, 1, Integer.MAX_VALUE);
            case "admission" -> oneOf(errors, key, v, Set.of("off", "warn", "strict"));
            default -> errors.add(new FieldError(key, "unknown property"));
        }
    }

    private static void oneOf(List<FieldError> errors, String key, Object v, Set<String> allowed) {
        if (!(v instanceof String s) || !allowed.contains(s)) {
            errors.add(new FieldError(key, "must be one of " + new TreeSet<>(allowed) + ", got '" + v + "'"));
        }
    }

    private static void range(List<FieldError> errors, String key, Object v, int min, int max) {
        if (!(v instanceof Integer i) || i < min || i > max) {
            errors.add(new FieldError(key, "must be an integer in [" + min + ", " + (max == Integer.MAX_VALUE ? "∞" : max) + "], got " + v));
        }
    }
}
