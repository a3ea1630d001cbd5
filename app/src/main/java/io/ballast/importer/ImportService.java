package io.ballast.importer;

import io.ballast.crs.CrsService;
import io.ballast.persistence.ConfigWriteLock;
import io.ballast.resource.ResourceService;
import io.ballast.rule.RuleService;
import io.ballast.rules.config.NodeAffinityRule;
import io.ballast.rules.config.ResourceAffinityRule;
import io.ballast.rules.config.RuleSet;
import io.ballast.rules.pve.CrsConfig;
import io.ballast.rules.pve.DatacenterCrsParser;
import io.ballast.rules.pve.ResourceConfig;
import io.ballast.rules.pve.ResourcesCfgParser;
import io.ballast.rules.pve.RulesCfgParser;
import io.ballast.web.ApiException;
import io.ballast.web.FieldError;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.interceptor.TransactionAspectSupport;

/**
 * Brings an existing Proxmox HA setup over: {@code resources.cfg}, {@code rules.cfg} and the {@code crs:} line of
 * {@code datacenter.cfg}. Everything goes through the same services (validation, rule checks, audit) as the
 * REST API, in one transaction: any error rolls the whole import back, and a dry run always does.
 */
@Service
public class ImportService {

    private final ResourceService resources;
    private final RuleService rules;
    private final CrsService crs;
    private final ConfigWriteLock writeLock;
    private final EntityManager entityManager;

    public ImportService(ResourceService resources, RuleService rules, CrsService crs, ConfigWriteLock writeLock,
                         EntityManager entityManager) {
        this.writeLock = writeLock;
        this.entityManager = entityManager;
        this.resources = resources;
        this.rules = rules;
        this.crs = crs;
    }

    /** What an import did (or, for a dry run, would do). */
    /** @param crsChanges the CRS settings the crs: line changes (setting, from, to), in the settings' order */
    public record ImportResult(boolean dryRun, List<String> createdResources, List<String> createdRules,
                               Map<String, Object> crs, List<String> skipped, List<Map<String, Object>> crsChanges) {
    }

    @Transactional
    public ImportResult run(String resourcesCfg, String rulesCfg, String datacenterCfg, boolean dryRun) {
        if (isBlank(resourcesCfg) && isBlank(rulesCfg) && isBlank(datacenterCfg)) {
            throw ApiException.invalid("resources_cfg", "give at least one of resources_cfg, rules_cfg, datacenter_cfg");
        }
        List<FieldError> errors = new ArrayList<>();
        List<String> createdResources = new ArrayList<>();
        List<String> createdRules = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        Map<String, Object> crsAfter = null;
        List<Map<String, Object>> crsChanges = new ArrayList<>();

        List<ResourceConfig> parsedResources = parse(errors, "resources_cfg", resourcesCfg,
                text -> ResourcesCfgParser.parse("resources.cfg", text), List.of());
        RuleSet parsedRules = parse(errors, "rules_cfg", rulesCfg, text -> RulesCfgParser.parse("rules.cfg", text), RuleSet.EMPTY);
        CrsConfig parsedCrs = parse(errors, "datacenter_cfg", datacenterCfg,
                text -> DatacenterCrsParser.parse("datacenter.cfg", text), null);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }

        writeLock.acquire();   // the whole import is checked against one committed state
        Set<String> existingSids = resources.list().stream().map(r -> r.sid()).collect(Collectors.toSet());
        ResourceService.Batch batch = resources.batch();
        for (ResourceConfig r : parsedResources) {
            if (existingSids.contains(r.sid())) {
                skipped.add(r.sid() + ": already configured");
                continue;
            }
            if (r.group() != null) {
                skipped.add(r.sid() + ": legacy group '" + r.group() + "' not imported (migrate groups to rules first)");
            }
            attempt(errors, "resources_cfg[" + r.sid() + "]", () -> batch.create(resourceBody(r)));
            createdResources.add(r.sid());
        }
        batch.finish();
        // written; the rules' queries need not dirty-check thousands of new entities before each statement
        entityManager.flush();
        entityManager.clear();
        Set<String> existingRules = rules.configs().stream().map(c -> c.id()).collect(Collectors.toSet());
        RuleService.Batch ruleBatch = rules.batch();
        List<Map<String, Object>> ruleBodies = new ArrayList<>();
        parsedRules.nodeAffinity().forEach(rule -> ruleBodies.add(nodeAffinityBody(rule)));
        parsedRules.resourceAffinity().forEach(rule -> ruleBodies.add(resourceAffinityBody(rule)));
        ruleBodies.sort((a, b) -> Integer.compare((int) a.get("order"), (int) b.get("order")));
        for (Map<String, Object> body : ruleBodies) {
            String id = (String) body.get("rule");
            if (existingRules.contains(id)) {
                skipped.add("rule " + id + ": already configured");
                continue;
            }
            body.remove("order"); // keep the file's order by creating in it
            attempt(errors, "rules_cfg[" + id + "]", () -> ruleBatch.create(body));
            createdRules.add(id);
        }
        if (parsedCrs != null) {
            Map<String, Object> body = crsBody(parsedCrs);
            Map<String, Object>[] holder = new Map[1];
            Map<String, Object> crsBefore = crs.get();
            attempt(errors, "datacenter_cfg", () -> holder[0] = crs.put(body));
            crsAfter = holder[0];
            if (crsAfter != null) {
                // a crs: line sets every setting (one it does not name takes Proxmox's default), which can turn
                // e.g. automatic rebalancing off: the answer lists what changes so nobody is surprised
                for (var e : crsAfter.entrySet()) {
                    if (!java.util.Objects.equals(crsBefore.get(e.getKey()), e.getValue())) {
                        Map<String, Object> change = new LinkedHashMap<>();
                        change.put("setting", e.getKey());
                        change.put("from", crsBefore.get(e.getKey()));
                        change.put("to", e.getValue());
                        crsChanges.add(change);
                    }
                }
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        if (dryRun) {
            TransactionAspectSupport.currentTransactionStatus().setRollbackOnly();
        }
        return new ImportResult(dryRun, createdResources, createdRules, crsAfter, skipped, crsChanges);
    }

    private interface Parser<T> {
        T parse(String text);
    }

    private static <T> T parse(List<FieldError> errors, String field, String text, Parser<T> parser, T empty) {
        if (isBlank(text)) {
            return empty;
        }
        try {
            return parser.parse(text);
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(field, e.getMessage()));
            return empty;
        }
    }

    // the services report every problem as an ApiException; prefix its fields with the item it came from
    private static void attempt(List<FieldError> errors, String item, Runnable action) {
        try {
            action.run();
        } catch (ApiException e) {
            if (e.errors().isEmpty()) {
                errors.add(new FieldError(item, e.getMessage()));
            } else {
                e.errors().forEach(f -> errors.add(new FieldError(item + "." + f.field(), f.reason())));
            }
        }
    }

    private static Map<String, Object> resourceBody(ResourceConfig r) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sid", r.sid());
        body.put("state", r.state());
        body.put("max_restart", r.maxRestart());
        body.put("max_relocate", r.maxRelocate());
        body.put("failback", r.failback());
        body.put("rebalance", r.rebalance());
        if (r.comment() != null) {
            body.put("comment", r.comment());
        }
        return body;
    }

    private static Map<String, Object> nodeAffinityBody(NodeAffinityRule rule) {
        Map<String, Object> body = common(rule.id(), "node-affinity", rule.resources(), rule.disabled(), rule.comment(), rule.order());
        body.put("nodes", rule.nodes().entrySet().stream().map(e -> e.getKey() + ":" + e.getValue())
                .collect(Collectors.joining(",")));
        body.put("strict", rule.strict());
        return body;
    }

    private static Map<String, Object> resourceAffinityBody(ResourceAffinityRule rule) {
        Map<String, Object> body = common(rule.id(), "resource-affinity", rule.resources(), rule.disabled(), rule.comment(), rule.order());
        body.put("affinity", rule.affinity().name().toLowerCase());
        return body;
    }

    private static Map<String, Object> common(String id, String type, List<String> members, boolean disabled, String comment, int order) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("rule", id);
        body.put("type", type);
        body.put("resources", String.join(",", members));
        body.put("disable", disabled);
        if (comment != null) {
            body.put("comment", comment);
        }
        body.put("order", order);
        return body;
    }

    private static Map<String, Object> crsBody(CrsConfig c) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ha", c.mode());
        body.put("ha-rebalance-on-start", c.rebalanceOnStart());
        body.put("ha-auto-rebalance", c.autoRebalance());
        body.put("ha-auto-rebalance-threshold", (int) Math.round(c.thresholdPercent()));
        body.put("ha-auto-rebalance-method", c.method());
        body.put("ha-auto-rebalance-hold-duration", (int) Math.round(c.holdRounds()));
        body.put("ha-auto-rebalance-margin", (int) Math.round(c.marginPercent()));
        return body;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
