package io.ballast.manager.loop;

import io.ballast.manager.store.ManagerStore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.ballast.core.CrmCommand;
import io.ballast.core.Decision;
import io.ballast.core.ManagerStatus;
import io.ballast.lease.LeaderLease;
import io.ballast.node.NodeService;
import io.ballast.proxmox.AgentJournal;
import io.ballast.proxmox.AgentTask;
import io.ballast.proxmox.ClusterObservation;
import io.ballast.proxmox.ProxmoxEnvironment;
import io.ballast.proxmox.RoundHooks;
import io.ballast.proxmox.RoundReport;

/**
 * Connects the Proxmox rounds to the configuration database ({@code ballast.cluster.mode=proxmox}): the
 * observed cluster members become the node table, and before each round the rules, CRS settings, maintenance
 * requests, arm state and queued admin commands edited through the REST API reach the manager, as they do in
 * the simulated cluster. After each round decides, and before it acts, the manager status goes to the status tables,
 * every decision to the audit (with the rule-base version it was taken under), the consumed commands are marked and
 * the agents' planned work is saved, in one transaction; the act phase then records each post as it happens.
 */
@Component
@ConditionalOnProperty(name = "ballast.cluster.mode", havingValue = "proxmox")
public class ProxmoxConfigBridge implements RoundHooks {

    private final ManagerStore store;
    private final NodeService nodeService;
    private final TransactionTemplate tx;
    private Set<String> knownNodes = Set.of();
    /** Only the holder of the manager lease runs acting rounds; every write of one is guarded by its term. */
    private final LeaderLease lease;
    /** Ids of the queued commands handed to the current round (consumed when it is persisted). */
    private List<Long> roundCommands = List.of();
    private final RoundRules rules;
    private final io.ballast.config.ClusterProperties cluster;
    /** sid → Proxmox guest tags, as last observed (for custom placement rules). */
    private volatile java.util.Map<String, Set<String>> guestTags = java.util.Map.of();
    private volatile ProxmoxEnvironment environment;

    /** Why {@code sid} is placed where it is, from the last Proxmox round's input; null before the first round. */
    public io.ballast.core.PlacementExplanation explain(String sid) {
        ProxmoxEnvironment env = environment;
        io.ballast.core.RoundInput in = env == null ? null : env.lastInput();
        return in == null ? null : newManager().explain(in, sid);
    }

    /** The last Proxmox round's input (metrics: the imbalance); null before the first round. */
    public io.ballast.core.RoundInput lastInput() {
        ProxmoxEnvironment env = environment;
        return env == null ? null : env.lastInput();
    }

    private final io.ballast.proposal.ProposalStore proposals;

    ProxmoxConfigBridge(ManagerStore store, NodeService nodeService, TransactionTemplate tx,
            io.ballast.rulebase.RuleBaseService ruleBases, io.ballast.config.ClusterProperties cluster,
            LeaderLease lease, io.ballast.proposal.ProposalStore proposals) {
        this.proposals = proposals;
        this.lease = lease;
        this.rules = new RoundRules(ruleBases);
        this.cluster = cluster;
        this.store = store;
        this.nodeService = nodeService;
        this.tx = tx;
    }

    /** A manager for the Proxmox rounds that validates rules with the rule base fixed before each round. */
    @Override
    public io.ballast.core.HaManager newManager() {
        return new io.ballast.core.HaManager(rules::checker,
                io.ballast.core.PlacementTags.of(cluster.tagsByNode(), () -> guestTags),
                cluster.memoryOvercommitPercent());
    }

    @Override
    public void observed(ClusterObservation observation) {
        java.util.Map<String, Set<String>> tags = new java.util.TreeMap<>();
        observation.guests().forEach((sid, g) -> {
            if (!g.tags().isEmpty()) {
                tags.put(sid, new TreeSet<>(g.tags()));
            }
        });
        guestTags = tags;
        // a node seen again is no longer proven off: its operator's confirmation lapses
        for (String node : nodeService.offConfirmed()) {
            if (observation.onlineMembers().contains(node)) {
                nodeService.offConfirmationLapsed(node);
            }
        }
        Set<String> members = new TreeSet<>(observation.nodes().keySet());
        if (!members.equals(knownNodes)) {
            // nodes are never deleted here: a node that left may come back, and rules may still name it
            tx.executeWithoutResult(s -> nodeService.seed(List.copyOf(members)));
            knownNodes = members;
        }
    }

    @Override
    public void beforeRound(ProxmoxEnvironment env) {
        store.roundStarting();   // metrics: the round's duration runs until its persist commits
        environment = env;
        tx.executeWithoutResult(s -> {
            rules.refresh(store);
            env.setRules(rules.rules(), List.of());
            ManagerStore.Settings settings = store.settings();
            env.setCrs(settings.crs());
            if (proposals != null) {
                env.setProposal(proposals.forRound());
            }
            env.setMaxWorkers(settings.maxWorkers());
            env.setConfirmedOff(nodeService.offConfirmed());
            ManagerStatus status = env.status();
            // the round's commands, rebuilt every round: desired states the manager does not hold yet, then the
            // operators' queued commands, which stay pending until the round that consumes them is persisted
            List<CrmCommand> next = new ArrayList<>();
            Set<String> wanted = store.maintenanceRequests();
            for (String node : wanted) {
                if (!status.maintenanceRequests().contains(node)) {
                    next.add(new CrmCommand.MaintenanceOn(node));
                }
            }
            for (String node : status.maintenanceRequests()) {
                if (!wanted.contains(node)) {
                    next.add(new CrmCommand.MaintenanceOff(node));
                }
            }
            ManagerStore.Arm arm = store.arm();
            if (arm.disarmed() && status.disarm() == null) {
                next.add(new CrmCommand.Disarm(arm.mode() == null ? "freeze" : arm.mode()));
            } else if (!arm.disarmed() && status.disarm() != null) {
                next.add(new CrmCommand.Arm());
            }
            List<Long> ids = new ArrayList<>();
            for (ManagerStore.Command c : store.pendingCommands()) {
                next.add(c.coreCommand());
                ids.add(c.id());
            }
            env.queue(next);
            roundCommands = List.copyOf(ids);
        });
    }

    @Override
    public boolean leading() {
        return lease.isLeader();
    }

    /** What this instance continues from when it becomes the active manager: the database, nothing else. */
    @Override
    public Restored restore() {
        long term = lease.term();
        return tx.execute(s -> new Restored(store.managerStatus(), store.agentTasks(), term));
    }

    /** Status, decisions, consumed commands and the agents' planned work: all or nothing, before any action. */
    @Override
    public void persist(ManagerStatus before, RoundReport report, String master, Runnable inTransaction) {
        ManagerStatus after = report.output().status();
        tx.executeWithoutResult(s -> {
            lease.guard();   // first: a round decided by a manager deposed meanwhile writes nothing
            long round = store.persist(after, 1);
            if (proposals != null) {
                proposals.record(round, master, report.now(), report.output().proposals());
            }
            for (Decision d : report.output().decisions()) {
                store.auditDecision(round, rules.version(), master, report.now(), d, before, after);
            }
            store.consume(roundCommands);
            inTransaction.run();
            store.replaceAgentTasks(report.agentTasks());
        });
    }

    @Override
    public AgentJournal journal() {
        return new AgentJournal() {
            @Override
            public <T> T fenced(Supplier<T> action) {
                // the lease row stays locked until the post and its record commit: no takeover in between
                return tx.execute(s -> {
                    lease.guard();
                    return action.get();
                });
            }

            @Override
            public void record(AgentTask task) {
                store.saveAgentTask(task);
            }
        };
    }
}
