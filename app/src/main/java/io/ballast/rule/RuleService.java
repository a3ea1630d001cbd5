package io.ballast.rule;

import io.ballast.audit.AuditLog;
import io.ballast.node.NodeRepository;
import io.ballast.persistence.ConfigWriteLock;
import io.ballast.resource.ResourceRepository;
import io.ballast.rulebase.RuleBaseService;
import io.ballast.rules.RuleCheckResult;
import io.ballast.rules.RuleCheckResult.DroppedRule;
import io.ballast.rules.config.NodeAffinityRule;
import io.ballast.rules.config.ResourceAffinityRule;
import io.ballast.rules.config.RuleSet;
import io.ballast.web.ApiException;
import io.ballast.web.Digests;
import io.ballast.web.FieldError;
import io.ballast.web.Inputs;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * HA rules: one transaction per request, audit row included. Every write is validated against the whole
 * rule set with the active DRL rule base; a write that would get a rule dropped is refused.
 */
@Service
public class RuleService {

    public static final String IGNORED = "ignored (conflicts)";

    private final RuleRepository rules;
    private final ResourceRepository resources;
    private final NodeRepository nodes;
    private final AuditLog audit;
    private final RuleBaseService ruleBase;
    private final ConfigWriteLock writeLock;

    public RuleService(RuleRepository rules, ResourceRepository resources, NodeRepository nodes, AuditLog audit,
                       RuleBaseService ruleBase, ConfigWriteLock writeLock) {
        this.writeLock = writeLock;
        this.rules = rules;
        this.resources = resources;
        this.nodes = nodes;
        this.audit = audit;
        this.ruleBase = ruleBase;
    }

    @Transactional(readOnly = true)
    public List<RuleView> list() {
        List<RuleConfig> all = configs();
        RuleCheckResult result = check(all);
        return all.stream().map(c -> view(c, result)).toList();
    }

    @Transactional(readOnly = true)
    public RuleView get(String id) {
        List<RuleConfig> all = configs();
        RuleConfig config = all.stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> ApiException.notFound("rule", id));
        return view(config, check(all));
    }

    /** Every rule, sorted by order then id (the order the checker sees them in). */
    @Transactional(readOnly = true)
    public List<RuleConfig> configs() {
        return rules.findAllOrdered().stream().map(RuleEntity::toConfig).toList();
    }

    @Transactional
    public RuleView create(Map<String, Object> body) {
        writeLock.acquire();   // validation below must see every committed rule and resource
        List<RuleConfig> existing = configs();
        Known known = known();
        Created c = insert(body, existing, known, () -> check(existing, known.nodes(), known.resources()), rules::existsById);
        return view(c.config(), c.result());
    }

    /**
     * Starts creating many rules in the caller's transaction (an import): the checks of {@link #create}, with the
     * rules, nodes and resources read once, and each rule's "before" check being the previous rule's "after".
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Batch batch() {
        writeLock.acquire();
        return new Batch(new ArrayList<>(configs()), known());
    }

    /** Creates rules on top of the rule set when the batch started plus those it created. */
    public final class Batch {
        private final List<RuleConfig> all;
        private final Set<String> ids;
        private final Known known;
        private RuleCheckResult checked;   // of all, once computed

        private Batch(List<RuleConfig> all, Known known) {
            this.all = all;
            this.ids = all.stream().map(RuleConfig::id).collect(Collectors.toCollection(HashSet::new));
            this.known = known;
        }

        public RuleView create(Map<String, Object> body) {
            List<RuleConfig> before = List.copyOf(all);
            Created c = insert(body, before, known,
                    () -> checked != null ? checked : check(before, known.nodes(), known.resources()), ids::contains);
            all.add(c.config());
            ids.add(c.config().id());
            checked = c.result();
            return view(c.config(), c.result());
        }
    }

    /** The nodes and resources rules may name. */
    private record Known(List<String> nodes, Set<String> resources) {
    }

    private record Created(RuleConfig config, RuleCheckResult result) {
    }

    private Known known() {
        return new Known(nodeNames(), resourceSids());
    }

    private Created insert(Map<String, Object> body, List<RuleConfig> existing, Known known,
                           Supplier<RuleCheckResult> before, Predicate<String> exists) {
        Map<String, Object> rest = new LinkedHashMap<>(body);
        Object rawId = rest.containsKey("rule") ? rest.remove("rule") : rest.remove("id");
        String id = RuleInput.id(rawId);
        String type = RuleInput.type(rest.remove("type"));
        if (exists.test(id)) {
            throw ApiException.conflict("/problems/duplicate", "rule '" + id + "' already exists", "rule");
        }
        long next = existing.stream().mapToLong(RuleConfig::order).max().orElse(0) + 1;
        int order = (int) Math.min(next, RuleInput.MAX_ORDER);
        if (next > RuleInput.MAX_ORDER && !rest.containsKey("order")) {
            throw ApiException.invalid("order", "required: the last rule already has the highest order " + RuleInput.MAX_ORDER);
        }
        RuleConfig base = new RuleConfig(id, type, new TreeSet<>(), new TreeMap<>(), false, null, false, null, order);
        RuleConfig config = RuleInput.apply(base, rest, null, true, known.resources(), known.nodes());
        List<RuleConfig> after = new ArrayList<>(existing);
        after.add(config);
        RuleCheckResult result = refuseIfDropped(before, after, config, known);
        RuleEntity entity = new RuleEntity(id, type);
        entity.assign(config);
        rules.save(entity);
        audit.config("rule", id, "create", null, config.toMap());
        return new Created(config, result);
    }

    @Transactional
    public RuleView update(String id, Map<String, Object> body, String ifMatch) {
        writeLock.acquire();
        RuleEntity entity = rules.findForUpdate(id).orElseThrow(() -> ApiException.notFound("rule", id));
        RuleConfig before = entity.toConfig();
        Map<String, Object> rest = new LinkedHashMap<>(body);
        Digests.requireCurrent(rest.remove("digest"), ifMatch, digest(before), "rule " + id);
        for (String key : List.of("rule", "id", "type")) {
            Object v = rest.remove(key);
            if (v != null && !v.equals("type".equals(key) ? before.type() : id)) {
                throw ApiException.invalid(key, "cannot be changed");
            }
        }
        List<?> deleteKeys = Inputs.deleteKeys(rest.remove("delete"));
        Known known = known();
        RuleConfig config = RuleInput.apply(before, rest, deleteKeys, false, known.resources(), known.nodes());
        List<RuleConfig> existing = configs();
        List<RuleConfig> after = existing.stream().map(c -> c.id().equals(id) ? config : c).toList();
        RuleCheckResult result = refuseIfDropped(() -> check(existing, known.nodes(), known.resources()), after, config, known);
        entity.assign(config);
        audit.config("rule", id, "update", before.toMap(), config.toMap());
        return view(config, result);
    }

    @Transactional
    public void delete(String id) {
        writeLock.acquire();   // other writes validate against the rule set this changes
        RuleEntity entity = rules.findForUpdate(id).orElseThrow(() -> ApiException.notFound("rule", id));
        RuleConfig before = entity.toConfig();
        rules.delete(entity);
        audit.config("rule", id, "delete", before.toMap(), null);
    }

    /** Validates {@code rules} against the current nodes and resources with the active rule base. */
    @Transactional(readOnly = true)
    public RuleCheckResult check(List<RuleConfig> all) {
        return check(all, nodeNames(), resourceSids());
    }

    public RuleCheckResult check(List<RuleConfig> all, Collection<String> nodes, Collection<String> resources) {
        List<NodeAffinityRule> nodeRules = all.stream().filter(RuleConfig::nodeAffinity)
                .map(RuleConfig::toNodeAffinityRule).toList();
        List<ResourceAffinityRule> resourceRules = all.stream().filter(c -> !c.nodeAffinity())
                .map(RuleConfig::toResourceAffinityRule).toList();
        return ruleBase.checker().check(new RuleSet(nodeRules, resourceRules), nodes, resources);
    }

    /**
     * Refuses the write if validation would drop the written rule, or drop another rule that is kept today
     * (e.g. a new keep-separate rule that breaks an existing keep-together group).
     */
    private RuleCheckResult refuseIfDropped(Supplier<RuleCheckResult> before, List<RuleConfig> after, RuleConfig written,
                                            Known known) {
        RuleCheckResult result = check(after, known.nodes(), known.resources());
        List<FieldError> errors = new ArrayList<>();
        for (DroppedRule d : result.dropped()) {
            if (d.ruleId().equals(written.id())) {
                errors.add(new FieldError(field(written, d), d.check() + ": " + d.reason()));
            }
        }
        if (errors.isEmpty()) {
            Set<String> droppedBefore = before.get().dropped().stream().map(DroppedRule::ruleId).collect(Collectors.toSet());
            for (DroppedRule d : result.dropped()) {
                if (!droppedBefore.contains(d.ruleId())) {
                    errors.add(new FieldError("resources", d.check() + ": would drop rule '" + d.ruleId() + "': " + d.reason()));
                }
            }
        }
        if (!errors.isEmpty()) {
            String detail = "rule '" + written.id() + "' would be ignored by validation: "
                    + errors.stream().map(e -> e.field() + ": " + e.reason()).distinct().collect(Collectors.joining("; "));
            throw new ApiException(HttpStatus.BAD_REQUEST, "/problems/rule-conflict", detail,
                    errors.stream().distinct().toList());
        }
        return result;
    }

    /** Which input field a failed check is about: node lists for node checks, else the member resources. */
    private static String field(RuleConfig rule, DroppedRule d) {
        if (rule.nodeAffinity() && (d.reason().startsWith("node '") || d.check().equals("check-7")
                || d.check().equals("check-5"))) {
            return "nodes";
        }
        return "resources";
    }

    static RuleView view(RuleConfig config, RuleCheckResult result) {
        Map<String, String> errors = new TreeMap<>();
        for (DroppedRule d : result.dropped()) {
            if (d.ruleId().equals(config.id())) {
                errors.merge(d.check(), d.reason(), (a, b) -> a.equals(b) ? a : a + "; " + b);
            }
        }
        Map<String, String> warnings = new TreeMap<>();
        result.warnings().stream().filter(w -> w.ruleId().equals(config.id()))
                .forEach(w -> warnings.merge(w.code(), w.message(), (a, b) -> a + "; " + b));
        String state = config.disable() ? "disabled" : errors.isEmpty() ? "enabled" : IGNORED;
        return new RuleView(config, errors, warnings, state);
    }

    /** Proxmox-style digest: SHA-1 over the rule's configuration. */
    public static String digest(RuleConfig config) {
        return Digests.sha1(config.toMap());
    }

    private Set<String> resourceSids() {
        return new HashSet<>(resources.findAllSids());   // a set: rules are checked member by member
    }

    private List<String> nodeNames() {
        return nodes.findAllNames();
    }
}
