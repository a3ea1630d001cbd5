package io.ballast.node;

import io.ballast.audit.AuditLog;
import io.ballast.status.ArmState;
import io.ballast.status.NodeStatusEntity;
import io.ballast.status.NodeStatusRepository;
import io.ballast.web.ApiException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Cluster nodes, their current state (the manager's when it reported one) and maintenance requests. */
@Service
public class NodeService {

    private final NodeRepository nodes;
    private final NodeRequestRepository requests;
    private final NodeStatusRepository status;
    private final ArmState armState;
    private final AuditLog audit;
    private final java.time.Clock clock;

    public NodeService(NodeRepository nodes, NodeRequestRepository requests, NodeStatusRepository status,
                       ArmState armState, AuditLog audit, java.time.Clock clock) {
        this.clock = clock;
        this.nodes = nodes;
        this.requests = requests;
        this.status = status;
        this.armState = armState;
        this.audit = audit;
    }

    /** Every node sorted by name: node, state, maintenance, off_confirmed. */
    @Transactional(readOnly = true)
    public List<Map<String, Object>> list() {
        Map<String, String> reported = status.findAll().stream()
                .collect(Collectors.toMap(NodeStatusEntity::getNode, NodeStatusEntity::getState));
        List<NodeRequestEntity> all = requests.findAll();
        Map<String, Boolean> maintenance = all.stream()
                .collect(Collectors.toMap(NodeRequestEntity::getNode, NodeRequestEntity::isMaintenance));
        java.util.Set<String> off = all.stream().filter(r -> r.getOffConfirmedAt() != null)
                .map(NodeRequestEntity::getNode).collect(Collectors.toSet());
        return nodes.findAllByOrderByNameAsc().stream().map(n -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("node", n.getName());
            row.put("state", reported.getOrDefault(n.getName(), n.getState()));
            row.put("maintenance", maintenance.getOrDefault(n.getName(), false));
            row.put("off_confirmed", off.contains(n.getName()));
            return row;
        }).toList();
    }

    @Transactional(readOnly = true)
    public List<String> names() {
        return nodes.findAllNames();
    }

    /** The node's current state (manager's report, else configured), empty for an unknown node. */
    @Transactional(readOnly = true)
    public Optional<String> state(String name) {
        return nodes.findById(name).map(n -> status.findById(name).map(NodeStatusEntity::getState).orElse(n.getState()));
    }

    /** Requests (or withdraws) maintenance; refused while HA is disarmed (the manager would not execute it). */
    @Transactional
    public Map<String, Object> maintenance(String node, boolean on) {
        nodes.findForUpdate(node).orElseThrow(() -> ApiException.notFound("node", node));
        if (on && armState.lockAndReadDisarmed()) {
            throw ApiException.conflict("/problems/disarmed", "HA is disarmed; arm it before requesting maintenance", "node");
        }
        NodeRequestEntity request = requests.findById(node).orElseGet(() -> new NodeRequestEntity(node, clock.instant()));
        boolean before = request.isMaintenance();
        if (before == on) {
            // asked again: nothing changes, so nothing is written or audited
            return Map.of("node", node, "maintenance", on);
        }
        request.request(on, clock.instant());
        requests.save(request);
        audit.config("node", node, on ? "maintenance-enable" : "maintenance-disable",
                Map.of("maintenance", before), Map.of("maintenance", on));
        return Map.of("node", node, "maintenance", on);
    }

    /**
     * An operator confirms that a failed node is powered off (or withdraws it): the manager may then recover its
     * guests without waiting for another proof. Only a node the manager is fencing (state fence or unknown) can be
     * confirmed: a confirmation given while a node runs would later vouch for a failure nobody looked at.
     */
    @Transactional
    public Map<String, Object> confirmOff(String node, boolean on) {
        nodes.findForUpdate(node).orElseThrow(() -> ApiException.notFound("node", node));
        String state = status.findById(node).map(NodeStatusEntity::getState).orElse("unknown");
        if (on && !state.equals("fence") && !state.equals("unknown")) {
            throw ApiException.conflict("/problems/node-not-failed", "node '" + node + "' is " + state
                    + ", not being fenced: only a failed node can be confirmed powered off", "node");
        }
        NodeRequestEntity request = requests.findById(node).orElseGet(() -> new NodeRequestEntity(node, clock.instant()));
        boolean before = request.getOffConfirmedAt() != null;
        request.confirmOff(on ? clock.instant() : null);
        requests.save(request);
        audit.config("node", node, on ? "confirm-off" : "withdraw-off-confirmation", Map.of("off_confirmed", before),
                Map.of("off_confirmed", on));
        return Map.of("node", node, "off_confirmed", on, "state", state);
    }

    /** Nodes an operator confirmed powered off. */
    @Transactional(readOnly = true)
    public java.util.Set<String> offConfirmed() {
        return requests.findAll().stream().filter(r -> r.getOffConfirmedAt() != null).map(NodeRequestEntity::getNode)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    /** The node is back in the cluster: its confirmation no longer holds (audited as the manager's). */
    @Transactional
    public void offConfirmationLapsed(String node) {
        requests.findById(node).filter(r -> r.getOffConfirmedAt() != null).ifPresent(r -> {
            r.confirmOff(null);
            requests.save(r);
            audit.config("node", node, "off-confirmation-lapsed", Map.of("off_confirmed", true),
                    Map.of("off_confirmed", false));
        });
    }

    /** Adds the configured cluster members that are not in the table yet (existing rows are kept). */
    @Transactional
    public void seed(List<String> names) {
        for (String name : names) {
            String n = name.strip();
            if (!nodes.existsById(n)) {
                nodes.save(new NodeEntity(n));
            }
        }
    }
}
