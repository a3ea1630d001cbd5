package io.ballast.core;

import io.ballast.rules.compiled.CompiledRules;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** The mutable state one manager round works on (what Proxmox keeps in $self/$ss/$sc). */
final class RoundContext {
    final RoundInput input;
    final long now;
    final RoundLog log;
    final NodeStatusTracker ns;
    final SortedMap<String, ServiceEntry> ss;
    /** Service configs; recovery rewrites a config's node (the guest config moved). */
    final SortedMap<String, ServiceConfig> sc;
    final Map<String, LrmStatus.LrmResult> lrmResults;
    final Map<String, LrmMode> lrmModes;
    final UidSource uids;
    ServiceUsage usage;
    CompiledRules rules = CompiledRules.EMPTY;
    /** The placement policy (DRL) for this round. */
    RoundPolicy policy;

    RoundContext(RoundInput input, RoundLog log, NodeStatusTracker ns, SortedMap<String, ServiceEntry> ss,
                 Map<String, LrmStatus.LrmResult> lrmResults, Map<String, LrmMode> lrmModes, UidSource uids) {
        this.input = input;
        this.now = input.now();
        this.log = log;
        this.ns = ns;
        this.ss = ss;
        this.sc = new TreeMap<>(input.services());
        this.lrmResults = lrmResults;
        this.lrmModes = lrmModes;
        this.uids = uids;
    }

    /** Config of a service; a service without config is treated as requested "disabled". */
    ServiceConfig config(String sid) {
        ServiceConfig cd = sc.get(sid);
        return cd != null ? cd : new ServiceConfig(sid, ss.get(sid).node, "disabled", 1, 1, true, null, null);
    }

    /** Effective failback: a legacy group's nofailback wins over the resource's own flag. */
    boolean failback(ServiceConfig cd) {
        if (cd.group() != null) {
            for (HaGroup g : input.groups()) {
                if (g.name().equals(cd.group())) {
                    return !g.nofailback();
                }
            }
        }
        return cd.failback();
    }

    /** Failback moves held this round for an operator (automation level manual), in selection order. */
    final List<Proposal.Move> heldFailbacks = new java.util.ArrayList<>();

    void holdFailback(String sid, String node) {
        ServiceEntry sd = ss.get(sid);
        io.ballast.planner.usage.ResourceStats stats = usage.statsOf(sid);
        long memory = (long) usage.model().movedLoad(stats == null
                ? io.ballast.planner.usage.ResourceStats.NONE : stats)[1];
        String kind = config(sid).moveAction();
        String reason = node.equals(sd.maintenanceNode) ? "failback: return to maintenance node " + node
                : "failback: " + why(sid, node).explanation();
        log.add("info", "service '" + sid + "': " + kind + " to '" + node + "' held for approval (automation level"
                + " manual)");
        heldFailbacks.add(new Proposal.Move(sid, List.of(sid), sd.node, node, kind, memory, reason));
    }

    private BatchRecovery batchRecovery;
    private BatchRecovery batchEvacuation;

    /** Method plan: one solve for the resources in recovery this round (created on first use). */
    BatchRecovery batchRecovery() {
        if (batchRecovery == null) {
            batchRecovery = new BatchRecovery(this, BatchRecovery.Kind.RECOVERY);
        }
        return batchRecovery;
    }

    /** Method plan: one solve for the resources leaving maintenance nodes this round (created on first use). */
    BatchRecovery batchEvacuation() {
        if (batchEvacuation == null) {
            batchEvacuation = new BatchRecovery(this, BatchRecovery.Kind.EVACUATION);
        }
        return batchEvacuation;
    }

    NodeSelector selector() {
        return new NodeSelector(rules, ss, usage, policy);
    }

    LrmMode lrmMode(String node) {
        return node == null ? null : lrmModes.getOrDefault(node, LrmMode.ACTIVE);
    }

    /**
     * Changes a service's state like Proxmox: every field except node, failed_nodes and
     * maintenance_node is dropped, the given parameters are set, a new uid is drawn and the change
     * is logged with its parameters.
     */
    /** Why {@code sid} goes to {@code node}, as the placement policy sees it now. */
    Decision.Why why(String sid, String node) {
        io.ballast.rules.placement.Verdict v = policy.verdict(sid);
        ServiceEntry sd = ss.get(sid);
        java.util.SortedSet<String> configured = new java.util.TreeSet<>(v.rulesAgainst(sd.node));
        io.ballast.rules.compiled.NodeAffinity affinity = rules.nodeAffinityOf(sid);
        if (affinity != null) {
            configured.add(affinity.ruleId());
        }
        String reason = !v.mustMove().isEmpty() ? String.join("; ", v.mustMove())
                : node.equals(sd.maintenanceNode) ? "return to maintenance node " + node
                : v.preferred().contains(node) ? "best node of priority class " + v.preferredClass()
                : "allowed by the placement policy";
        return new Decision.Why("placement: " + reason, v.policyRules(), List.copyOf(configured));
    }

    private static final java.util.Set<ServiceState> TRANSIENT = java.util.EnumSet.of(ServiceState.FENCE,
            ServiceState.RECOVERY, ServiceState.MIGRATE, ServiceState.RELOCATE);

    void changeState(String sid, ServiceState next, String node, String target, Integer timeout) {
        changeState(sid, next, node, target, timeout, null);
    }

    /** ... with why the placement policy put it there ({@code why} null for changes that are no placement). */
    void changeState(String sid, ServiceState next, String node, String target, Integer timeout, Decision.Why why) {
        ServiceEntry sd = ss.get(sid);
        ServiceState old = sd.state;
        Decision.Place from = new Decision.Place(old.key(), sd.node, sd.target);
        if (old == next) {
            throw new IllegalStateException("no state change for " + sid);
        }
        sd.state = next;
        sd.target = null;
        sd.running = false;
        // Ballast (spec §1.5): a command queued while the resource passes through a transient state survives
        // into recovery and started, where it runs; 5.2 drops it silently.
        boolean keepCommand = sd.cmd != null && TRANSIENT.contains(old)
                && (next == ServiceState.RECOVERY || next == ServiceState.STARTED);
        if (!keepCommand) {
            sd.cmd = null;
        }
        sd.timeout = null;
        StringBuilder params = new StringBuilder();
        if (node != null) {
            sd.node = node;
            params.append("node = ").append(node);
        }
        if (target != null) {
            sd.target = target;
            params.append(params.length() > 0 ? ", " : "").append("target = ").append(target);
        }
        if (timeout != null) {
            sd.timeout = timeout;
            params.append(params.length() > 0 ? ", " : "").append("timeout = ").append(timeout);
        }
        usage.update(sid, sd);
        sd.uid = uids.next(next);
        log.add("info", "service '" + sid + "': state changed from '" + old.key() + "' to '" + next.key() + "'"
                + (params.length() > 0 ? "  (" + params + ")" : ""));
        String explanation = params.length() > 0 ? params.toString() : "";
        if (why != null) {
            explanation = explanation.isEmpty() ? why.explanation() : explanation + "; " + why.explanation();
        }
        log.decision(new Decision(sid, "state-machine", old.key() + " -> " + next.key(), explanation, from,
                new Decision.Place(next.key(), sd.node, sd.target), why == null ? List.of() : why.policyRules(),
                why == null ? List.of() : why.configuredRules()));
    }

    void changeState(String sid, ServiceState next) {
        changeState(sid, next, null, null, null);
    }
}
