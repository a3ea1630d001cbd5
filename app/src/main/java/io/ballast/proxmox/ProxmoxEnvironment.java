package io.ballast.proxmox;

import io.ballast.core.CrmCommand;
import io.ballast.core.Effect;
import io.ballast.core.HaGroup;
import io.ballast.core.HaManager;
import io.ballast.core.LrmMode;
import io.ballast.core.LrmStatus;
import io.ballast.core.ManagerStatus;
import io.ballast.core.NodeState;
import io.ballast.core.RoundInput;
import io.ballast.core.RoundOutput;
import io.ballast.core.ServiceConfig;
import io.ballast.planner.usage.NodeStats;
import io.ballast.planner.usage.ResourceStats;
import io.ballast.proxmox.ClusterObservation.PveGuest;
import io.ballast.proxmox.ClusterObservation.PveNode;
import io.ballast.rules.config.RuleSet;
import io.ballast.rules.pve.CrsConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Runs Ballast's decision core against a Proxmox VE cluster, one round per call, in two halves with the
 * persistence in between: {@link #decide} observes through the API, follows the tasks posted in earlier rounds,
 * builds the core's {@link RoundInput} (as the simulator does), runs the manager and plans every node's agent (LRM)
 * work for its requests; {@link #act} then posts that work through {@link PveHypervisor} without waiting for it.
 * Agent results are reported back in a later round, as a real LRM's status file would be.
 * Not thread-safe: one caller runs the rounds.
 */
public final class ProxmoxEnvironment {

    /** Where Ballast's own resource configuration lives (database in the service, a map in tests). */
    public interface ResourceCatalog {
        SortedMap<String, ManagedResource> resources();

        /** A stop command rewrote the requested state (spec §9.1). */
        void requestedStateChanged(String sid, String state);
    }

    private final PveObserver observer;
    private final PveHypervisor hypervisor;
    private final Fencer fencer;
    private final OperatorConfirmations confirmations = new OperatorConfirmations();
    private final GuestConfigMover mover;
    private final ResourceCatalog catalog;
    private final ProxmoxProperties props;
    private final Supplier<HaManager> managers;
    private WorkScheduler scheduler;

    private HaManager manager;
    private String master;
    private ManagerStatus status = ManagerStatus.EMPTY;
    private RuleSet rules = RuleSet.EMPTY;
    private List<HaGroup> groups = List.of();
    private CrsConfig crs = CrsConfig.DEFAULTS;
    private io.ballast.core.Proposal proposal;
    private final List<CrmCommand> commands = new ArrayList<>();
    private final Map<String, Long> absentSince = new HashMap<>();
    private final Map<String, LrmStatus> lrm = new TreeMap<>();
    /** The nodes' agents: the manager's requests as persisted work, followed across rounds. */
    private final PveAgents agents;
    /** Ballast's resources as read for the current round. */
    private Map<String, ManagedResource> roundResources = Map.of();
    /** Last node each managed guest was seen on (a guest of a dead node may vanish from the listing). */
    private final Map<String, String> lastNode = new HashMap<>();
    private final Map<String, String> lastLock = new HashMap<>();

    public ProxmoxEnvironment(PveObserver observer, PveHypervisor hypervisor, Fencer fencer,
                              GuestConfigMover mover, ResourceCatalog catalog, ProxmoxProperties props,
                              Supplier<HaManager> managers) {
        this.observer = observer;
        this.hypervisor = hypervisor;
        // an operator's confirmation is a proof under every policy
        this.fencer = new CombinedFencer(false, confirmations, fencer);
        this.mover = mover;
        this.catalog = catalog;
        this.props = props;
        this.managers = managers;
        this.scheduler = new WorkScheduler(props.maxWorkers(), props.maxMigrations());
        this.agents = new PveAgents(hypervisor, mover, props, sid -> {
            ManagedResource r = roundResources.get(sid);
            return r == null ? 0 : r.maxRestart();
        });
    }

    public void setRules(RuleSet rules, List<HaGroup> groups) {
        this.rules = rules;
        this.groups = List.copyOf(groups);
    }

    /** Told the step ("start", "migrate", ...) of every agent action that did not reach its goal. */
    public void onFailedAction(java.util.function.Consumer<String> listener) {
        agents.onFailedStep(listener);
    }

    /** Nodes an operator confirmed powered off (read from the database before each round). */
    public void setConfirmedOff(Set<String> nodes) {
        confirmations.set(nodes);
    }

    public void setCrs(CrsConfig crs) {
        this.crs = crs;
    }

    /** The open or applied rebalancing proposal as stored (read from the database before each round). */
    public void setProposal(io.ballast.core.Proposal proposal) {
        this.proposal = proposal;
    }

    /**
     * Proxmox's {@code max_workers} as configured through the API; {@code ballast.proxmox.max-workers} stays
     * the upper bound, so the operator's cap on concurrent actions per node always holds.
     */
    int maxWorkers() {
        return scheduler.maxWorkers();
    }

    public void setMaxWorkers(int maxWorkers) {
        int effective = Math.max(1, Math.min(maxWorkers, props.maxWorkers()));
        if (effective != scheduler.maxWorkers()) {
            scheduler = new WorkScheduler(effective, props.maxMigrations());
        }
    }

    /** Queues a CRM command for the next round. */
    public void submit(CrmCommand command) {
        commands.add(command);
    }

    /**
     * The commands of the next round, replacing any queued before: the service re-reads them from the database
     * every round and marks them consumed only with the round that consumed them.
     */
    public void queue(List<CrmCommand> next) {
        commands.clear();
        commands.addAll(next);
    }

    /** Queues a CRM command given as text ("migrate vm:100 pve2", "enable-node-maintenance pve1", ...). */
    public void submit(String command) {
        submit(CrmCommand.parse(command));
    }

    /** The input of the last round (placement explanations ask the same questions of it). */
    public RoundInput lastInput() {
        return lastInput;
    }

    private volatile RoundInput lastInput;

    public ManagerStatus status() {
        return status;
    }

    /** Commands queued for the next round that the manager has not consumed yet. */
    public List<CrmCommand> pendingCommands() {
        return List.copyOf(commands);
    }

    /** The node the manager ran as in the last round (null before the first). */
    public String master() {
        return master;
    }

    /**
     * Continues from what the database holds (after a restart of Ballast, or as a new leader): the manager status
     * and the agents' work, so tasks posted before are followed, not posted again. Call before the next round.
     *
     * @param term the manager term this instance now acts under (recorded with the work it posts)
     */
    public void restore(ManagerStatus saved, List<AgentTask> work, long term) {
        this.status = saved == null ? ManagerStatus.EMPTY : saved;
        agents.restore(work, term);
        // a new manager starts with fresh timers, as after a Proxmox CRM fail-over
        master = null;
        manager = null;
        lastInput = null;
        commands.clear();
        absentSince.clear();
        lrm.clear();
    }

    /** Continues from a saved manager status with no work in flight (tests and tools). */
    public void restore(ManagerStatus saved) {
        restore(saved, List.of(), 0);
    }

    /** The agents' work as it stands (what the service persists with each round). */
    public List<AgentTask> agentTasks() {
        return agents.tasks();
    }

    /** Runs one round at time {@code now} (seconds). */
    public RoundReport round(long now) {
        return round(now, observer.observe());
    }

    /**
     * Runs one whole round at time {@code now} (seconds) on an observation just taken, keeping nothing durable:
     * decide, then act. The service persists between the two ({@link #decide}, {@link #persisted}, {@link #act}).
     */
    public RoundReport round(long now, ClusterObservation obs) {
        RoundReport decided = decide(now, obs);
        if (!decided.acted()) {
            return decided;
        }
        persisted(decided);
        return decided.withAgentLog(act(decided, AgentJournal.MEMORY));
    }

    /**
     * Decides one round: follows the tasks posted before, runs the manager on the observation, and plans the
     * agents' work for its requests. Posts nothing and changes nothing in the cluster: what it decided is to be
     * persisted before {@link #act} carries it out.
     */
    public RoundReport decide(long now, ClusterObservation obs) {
        hypervisor.refresh(obs);
        if (!obs.quorate()) {
            // this side may be the minority partition: deciding anything here could start a second copy
            return RoundReport.skipped(now, "cluster not quorate");
        }
        Set<String> online = obs.onlineMembers();
        trackAbsence(obs, online, now);
        if (online.isEmpty()) {
            return RoundReport.skipped(now, "no online node");
        }
        if (master == null || !online.contains(master)) {
            // a new master gets a fresh manager, as after a Proxmox CRM fail-over (in-memory timers restart)
            master = online.iterator().next();
            manager = managers.get();
        }
        List<String> agentLog = new ArrayList<>();
        roundResources = catalog.resources();
        agents.follow(now, agentLog);

        Map<String, String> refused = new TreeMap<>();
        SortedMap<String, ServiceConfig> services = services(obs, refused);
        RoundInput in = new RoundInput(now, master, status, new TreeSet<>(obs.nodes().keySet()), online,
                lrmReports(online, now), services, rules, groups, crs, nodeStats(obs, services.keySet()),
                serviceStats(obs, services),
                List.copyOf(commands), fencedNodes(now), proposal);
        lastInput = in;
        RoundOutput out = manager.round(in);
        status = out.status();
        proposal = out.proposal();
        Map<String, String> requestedStates = new TreeMap<>();
        Map<String, String> locks = new TreeMap<>();
        for (Effect e : out.effects()) {
            apply(e, now, requestedStates, locks, agentLog);
        }
        agents.plan(status, online, agentLog);
        return new RoundReport(now, true, null, out, refused, agentLog, requestedStates, agents.tasks());
    }

    /** Inside the transaction that persists {@code decided}: the requested states the manager rewrote. */
    public void persisted(RoundReport decided) {
        decided.requestedStates().forEach(catalog::requestedStateChanged);
    }

    /**
     * Carries out a decided and persisted round: moves recovered guests' configurations and posts the planned steps
     * that fit the concurrency limits, each under {@code journal}'s lease. Returns what the agents did.
     */
    public List<String> act(RoundReport decided, AgentJournal journal) {
        return agents.act(decided.now(), scheduler, journal);
    }

    // ---- input ----------------------------------------------------------------------------------------

    private void trackAbsence(ClusterObservation obs, Set<String> online, long now) {
        for (String node : obs.nodes().keySet()) {
            if (online.contains(node)) {
                if (absentSince.remove(node) != null) {
                    fencer.rejoined(node);
                }
            } else {
                absentSince.putIfAbsent(node, now);
            }
        }
    }

    /**
     * Nodes whose agent lock the manager may take: only nodes it is fencing (previous round's state) and
     * that the fencer confirmed. Asking only then keeps an external fence agent from powering off nodes
     * that nobody needs fenced.
     */
    private Set<String> fencedNodes(long now) {
        Set<String> out = new TreeSet<>();
        for (var e : new TreeMap<>(absentSince).entrySet()) {
            if (status.nodeStatus().get(e.getKey()) == NodeState.FENCE
                    && fencer.confirm(e.getKey(), now - e.getValue(), true)) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    private SortedMap<String, ServiceConfig> services(ClusterObservation obs, Map<String, String> refused) {
        SortedMap<String, ServiceConfig> out = new TreeMap<>();
        for (ManagedResource r : catalog.resources().values()) {
            if (obs.managedByPveHa(r.sid())) {
                // two managers would fight, and Proxmox diverts our actions into its own HA requests
                refused.put(r.sid(), "managed by Proxmox VE's own HA manager (state " + obs.pveHa().get(r.sid())
                        + " there); set it to ignored there (ha-manager set " + r.sid() + " --state ignored) or remove"
                        + " it (ha-manager remove " + r.sid() + ")");
                continue;
            }
            PveGuest g = obs.guests().get(r.sid());
            if (g != null) {
                lastNode.put(r.sid(), g.node());
                lastLock.put(r.sid(), g.lock());
            }
            String node = lastNode.get(r.sid());
            if (node == null && status.serviceStatus().containsKey(r.sid())) {
                // after a restart a guest of a dead node may be missing from the listing: the manager knew its node
                node = status.serviceStatus().get(r.sid()).node();
            }
            if (node == null) {
                refused.put(r.sid(), "no such guest in the cluster");
                continue;
            }
            out.put(r.sid(), new ServiceConfig(r.sid(), node, r.requestedState(), r.maxRestart(), r.maxRelocate(),
                    r.failback(), r.group(), lastLock.get(r.sid())));
        }
        return out;
    }

    private Map<String, LrmStatus> lrmReports(Set<String> online, long now) {
        Map<String, Map<String, LrmStatus.LrmResult>> results = agents.results();
        for (String node : online) {
            // the agent enters maintenance once the manager status carries the node's request (as a real LRM)
            LrmMode mode = status.maintenanceRequests().contains(node) ? LrmMode.MAINTENANCE
                    : status.disarm() != null ? LrmMode.DISARM : LrmMode.ACTIVE;
            lrm.put(node, new LrmStatus(mode == LrmMode.MAINTENANCE ? "maintenance" : "active", mode,
                    results.getOrDefault(node, Map.of()), now));
        }
        return new TreeMap<>(lrm);
    }

    /**
     * Capacity and measured usage per node; running guests Ballast does not manage also enter by their
     * configured size, so static mode sees them as load too (spec §3.2).
     */
    private static Map<String, NodeStats> nodeStats(ClusterObservation obs, Set<String> managed) {
        Map<String, double[]> other = new TreeMap<>();
        for (PveGuest g : obs.guests().values()) {
            if (!managed.contains(g.sid()) && "running".equals(g.status()) && g.node() != null) {
                double[] sum = other.computeIfAbsent(g.node(), n -> new double[2]);
                sum[0] += g.maxCpu();
                sum[1] += g.maxMem();
            }
        }
        Map<String, NodeStats> out = new TreeMap<>();
        for (PveNode n : obs.nodes().values()) {
            double[] o = other.getOrDefault(n.name(), new double[2]);
            out.put(n.name(), new NodeStats(n.name(), n.maxCpu(), n.maxMem(), n.cpu(), n.mem(), o[0], (long) o[1]));
        }
        return out;
    }

    /** HA resources only; other guests count as load through the node's measured usage (spec §3.2). */
    private static Map<String, ResourceStats> serviceStats(ClusterObservation obs, Map<String, ServiceConfig> svc) {
        Map<String, ResourceStats> out = new TreeMap<>();
        for (String sid : svc.keySet()) {
            PveGuest g = obs.guests().get(sid);
            if (g != null) {
                out.put(sid, new ResourceStats(g.maxCpu(), g.maxMem(), g.cpu(), g.mem()));
            }
        }
        return out;
    }

    // ---- effects ----------------------------------------------------------------------------------------

    private void apply(Effect effect, long now, Map<String, String> requestedStates, Map<String, String> locks,
                       List<String> log) {
        if (effect instanceof Effect.AgentLockAcquired a) {
            log.add(a.node() + ": info: fence of node '" + a.node() + "' confirmed by " + fencer);
        } else if (effect instanceof Effect.ServiceConfigMoved m) {
            // done in the act phase, after the round is persisted; the start on the new node follows next round
            agents.moveConfig(m.sid(), m.fromNode(), m.toNode(), locks.remove(m.sid()), now);
        } else if (effect instanceof Effect.GuestLockRemoved g) {
            // removed with the config move that follows (the core emits it just before)
            locks.put(g.sid(), g.lock());
        } else if (effect instanceof Effect.RequestedStateChanged r) {
            requestedStates.put(r.sid(), r.state());
        } else if (effect instanceof Effect.CommandsConsumed c) {
            commands.subList(0, Math.min(c.count(), commands.size())).clear();
        }
    }
}
