package io.ballast.command;

import io.ballast.audit.AuditLog;
import io.ballast.node.NodeService;
import io.ballast.persistence.ConfigWriteLock;
import io.ballast.resource.ResourceEntity;
import io.ballast.resource.ResourceRepository;
import io.ballast.status.ServiceStatusRepository;
import io.ballast.web.ApiException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Service commands (Proxmox's crm-command migrate/relocate/stop): queued in crm_command for the manager's
 * next round, audited in the same transaction.
 */
@Service
public class CommandService {

    private final CrmCommandRepository commands;
    private final ResourceRepository resources;
    private final ServiceStatusRepository serviceStatus;
    private final NodeService nodes;
    private final AuditLog audit;
    private final MoveAffinityCheck affinity;
    private final ConfigWriteLock writeLock;
    private final java.time.Clock clock;

    public CommandService(CrmCommandRepository commands, ResourceRepository resources,
                          ServiceStatusRepository serviceStatus, NodeService nodes, AuditLog audit,
                          MoveAffinityCheck affinity, ConfigWriteLock writeLock, java.time.Clock clock) {
        this.clock = clock;
        this.writeLock = writeLock;
        this.affinity = affinity;
        this.commands = commands;
        this.resources = resources;
        this.serviceStatus = serviceStatus;
        this.nodes = nodes;
        this.audit = audit;
    }

    /** migrate or relocate to {@code target}, which must be an online cluster node. */
    @Transactional
    public ResponseEntity<Map<String, Object>> move(String sid, String command, Object target) {
        writeLock.acquire();   // checked against the resource and the rules: they must not change meanwhile
        requireMovable(sid);
        if (!(target instanceof String node) || node.isBlank()) {
            throw ApiException.invalid("node", "required: the target node");
        }
        String state = nodes.state(node)
                .orElseThrow(() -> ApiException.invalid("node", "node '" + node + "' is not a cluster node"));
        if (!"online".equals(state)) {
            throw ApiException.conflict("/problems/node-not-online", "node '" + node + "' is " + state + ", not online", "node");
        }
        List<String> warnings = affinity.check(sid, node);
        ResponseEntity<Map<String, Object>> queued = queue(sid, command, node, null);
        if (!warnings.isEmpty()) {
            queued.getBody().put("warnings", warnings);
        }
        return queued;
    }

    /** stop with a timeout in seconds (0 = hard stop). */
    @Transactional
    public ResponseEntity<Map<String, Object>> stop(String sid, Object timeout) {
        writeLock.acquire();
        requireMovable(sid);
        if (!(timeout instanceof Integer t) || t < 0) {
            throw ApiException.invalid("timeout", "must be an integer >= 0 (seconds, 0 = hard stop), got " + timeout);
        }
        return queue(sid, "stop", null, t);
    }

    @Transactional(readOnly = true)
    public List<Map<String, Object>> pending() {
        return commands.findByConsumedAtIsNullOrderByIdAsc().stream().map(c -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", c.getId());
            m.put("sid", c.getSid());
            m.put("command", c.getCommand());
            m.put("node", c.getTargetNode());
            m.put("timeout", c.getTimeout());
            m.put("actor", c.getActor());
            m.put("queued_at", c.getQueuedAt());
            return m;
        }).toList();
    }

    private ResponseEntity<Map<String, Object>> queue(String sid, String command, String node, Integer timeout) {
        CrmCommandEntity saved = commands.save(new CrmCommandEntity(sid, command, node, timeout, AuditLog.actor(), clock.instant()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", saved.getId());
        out.put("sid", sid);
        out.put("command", command);
        out.put("node", node);
        out.put("timeout", timeout);
        audit.config("command", sid, command, null, out);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(out);
    }

    /** Proxmox refuses commands for resources in error or ignored: the manager would not act on them. */
    private void requireMovable(String sid) {
        ResourceEntity resource = resources.findForUpdate(sid).orElseThrow(() -> ApiException.notFound("resource", sid));
        boolean ignored = "ignored".equals(resource.toConfig().state());
        if (ignored || serviceStatus.inError(sid)) {
            throw ApiException.conflict("/problems/resource-state", "resource " + sid + " is "
                    + (ignored ? "ignored" : "in error state")
                    + "; commands are refused (set state=disabled to recover from error)", "sid");
        }
    }
}
