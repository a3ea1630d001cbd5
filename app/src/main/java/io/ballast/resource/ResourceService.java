package io.ballast.resource;

import io.ballast.audit.AuditLog;
import io.ballast.persistence.ConfigWriteLock;
import io.ballast.rule.RuleEntity;
import io.ballast.rule.RuleRepository;
import io.ballast.status.ServiceStatusRepository;
import io.ballast.web.ApiException;
import io.ballast.web.Digests;
import io.ballast.web.Inputs;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** HA resource configuration: one transaction per request, audit row included. */
@Service
public class ResourceService {

    private final ResourceRepository resources;
    private final RuleRepository rules;
    private final ServiceStatusRepository serviceStatus;
    private final AuditLog audit;
    private final ConfigWriteLock writeLock;
    private final java.time.Clock clock;

    public ResourceService(ResourceRepository resources, RuleRepository rules, ServiceStatusRepository serviceStatus,
                           AuditLog audit, ConfigWriteLock writeLock, java.time.Clock clock) {
        this.clock = clock;
        this.writeLock = writeLock;
        this.resources = resources;
        this.rules = rules;
        this.serviceStatus = serviceStatus;
        this.audit = audit;
    }

    @Transactional(readOnly = true)
    public List<ResourceConfig> list() {
        return resources.findAllByOrderByTypeAscVmidAsc().stream().map(ResourceEntity::toConfig).toList();
    }

    @Transactional(readOnly = true)
    public ResourceConfig get(String sid) {
        return resources.findById(sid).map(ResourceEntity::toConfig).orElseThrow(() -> ApiException.notFound("resource", sid));
    }

    @Transactional
    public ResourceConfig create(Map<String, Object> body) {
        ResourceConfig config = parse(body);
        writeLock.acquire();   // the check below must see every committed resource
        // the sid is type:VMID, so this also catches the same sid
        if (resources.existsByVmid(config.vmid())) {
            throw duplicate(config);
        }
        insert(config);
        return config;
    }

    /**
     * Starts creating many resources in the caller's transaction (an import): the checks of {@link #create}, with
     * the VMIDs in use read once. A query per resource would make Hibernate dirty-check every entity written so
     * far before each one, which made imports quadratic.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Batch batch() {
        writeLock.acquire();
        return new Batch(new HashSet<>(resources.findAllVmids()));
    }

    /**
     * Creates resources against the VMIDs in use when the batch started plus those it created; their audit rows
     * are written by {@link #finish}.
     */
    public final class Batch {
        private final Set<Integer> vmids;
        private final List<AuditLog.Change> changes = new ArrayList<>();

        private Batch(Set<Integer> vmids) {
            this.vmids = vmids;
        }

        public ResourceConfig create(Map<String, Object> body) {
            ResourceConfig config = parse(body);
            if (vmids.contains(config.vmid())) {
                throw duplicate(config);
            }
            resources.save(new ResourceEntity(config, clock.instant()));
            vmids.add(config.vmid());
            changes.add(new AuditLog.Change("resource", config.sid(), "create", null, config.toMap()));
            return config;
        }

        /** Writes the audit rows of the resources created. */
        public void finish() {
            audit.configs(changes);
            changes.clear();
        }
    }

    private static ResourceConfig parse(Map<String, Object> body) {
        Map<String, Object> rest = new LinkedHashMap<>(body);
        Object type = rest.remove("type");
        String sid = ResourceInput.sid(rest.remove("sid"), type);
        return ResourceInput.apply(ResourceConfig.defaults(sid), rest, null);
    }

    private static ApiException duplicate(ResourceConfig config) {
        return ApiException.conflict("/problems/duplicate", "resource with VMID " + config.vmid() + " already exists", "sid");
    }

    private void insert(ResourceConfig config) {
        resources.save(new ResourceEntity(config, clock.instant()));
        audit.config("resource", config.sid(), "create", null, config.toMap());
    }

    @Transactional
    public ResourceConfig update(String sid, Map<String, Object> body, String ifMatch) {
        writeLock.acquire();
        ResourceEntity entity = forUpdate(sid);
        ResourceConfig before = entity.toConfig();
        Map<String, Object> rest = new LinkedHashMap<>(body);
        Digests.requireCurrent(rest.remove("digest"), ifMatch, digest(before), "resource " + sid);
        Object delete = rest.remove("delete");
        // spec §2.5: a resource in error only leaves it by being disabled
        if (serviceStatus.inError(sid)
                && (delete != null || !rest.keySet().equals(Set.of("state")) || !"disabled".equals(rest.get("state")))) {
            throw ApiException.conflict("/problems/resource-in-error", "resource " + sid
                    + " is in error state: the only allowed change is state=disabled", "state");
        }
        ResourceConfig after = ResourceInput.apply(before, rest, Inputs.deleteKeys(delete));
        entity.assign(after, clock.instant());
        audit.config("resource", sid, "update", before.toMap(), after.toMap());
        return after;
    }

    @Transactional
    public void delete(String sid, boolean purge) {
        writeLock.acquire();   // a rule created meanwhile must be seen (and purged) or must see the resource gone
        ResourceEntity entity = forUpdate(sid);
        List<RuleEntity> touchedRules = rules.findByResource(sid);
        if (!touchedRules.isEmpty() && !purge) {
            throw ApiException.conflict("/problems/in-use", "resource " + sid + " is used by rules "
                    + touchedRules.stream().map(RuleEntity::getId).toList()
                    + "; delete with purge=1 or edit the rules first", "purge");
        }
        for (RuleEntity rule : touchedRules) {
            rule.getResources().remove(sid);
            if (rule.getResources().isEmpty()) {
                rules.delete(rule);   // a rule without resources is dropped, as in Proxmox
                audit.config("rule", rule.getId(), "delete", Map.of("id", rule.getId()), null);
            }
        }
        ResourceConfig before = entity.toConfig();
        resources.delete(entity);
        audit.config("resource", sid, "delete", before.toMap(), null);
    }

    /** Proxmox-style digest: SHA-1 over the resource's configuration. */
    public static String digest(ResourceConfig config) {
        return Digests.sha1(config.toMap());
    }

    private ResourceEntity forUpdate(String sid) {
        return resources.findForUpdate(sid).orElseThrow(() -> ApiException.notFound("resource", sid));
    }
}
