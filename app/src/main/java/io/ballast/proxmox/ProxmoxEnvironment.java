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
import io.ballast.core.ServiceState;
import io.ballast.core.ServiceStatus;
import io.ballast.planner.usage.NodeStats;
import io.ballast.planner.usage.ResourceStats;
import io.ballast.proxmox.ClusterObservation.PveGuest;
import io.ballast.proxmox.ClusterObservation.PveNode;
import io.ballast.rules.config.RuleSet;
import io.ballast.rules.pve.CrsConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Runs Ballast's decision core against a Proxmox VE cluster, one round per call: observe through the
 * API, build the core's {@link RoundInput} (as the simulator does), run the manager, apply its effects,
 * then play every node's agent (LRM) by executing the manager's requests through {@link PveHypervisor}.
 * Agent results are reported back in the next round, as a real LRM's status file would be.
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
    private final List<CrmCommand> commands = new ArrayList<>();
    private final Map<String, Long> absentSince = new HashMap<>();
    private final Map<String, LrmStatus> lrm = new TreeMap<>();
    /** node → uid → result, as that node's agent would report it. */
    private final Map<String, Map<String, LrmStatus.LrmResult>> results = new TreeMap<>();
    private final Map<String, Integer> restartTries = new HashMap<>();
    /** Last node each managed guest was seen on (a guest of a dead node may vanish from the listing). */
    private final Map<String, String> lastNode = new HashMap<>();
    private final Map<String, String> lastLock = new HashMap<>();

    public ProxmoxEnvironment(PveObserver observer, PveHypervisor hypervisor, Fencer fencer,
                              GuestConfigMover mover, ResourceCatalog catalog, ProxmoxProperties props,
                              Supplier<HaManager> managers) {
        this.observer = observer;
        this.hypervisor = hypervisor;
        this.fencer = fencer;
        this.mover = mover;
        this.catalog = catalog;
        this.props = props;
        this.managers = managers;
        this.scheduler = new WorkScheduler(props.maxWorkers(), props.maxMigrations());
    }

    public void setRules(RuleSet rules, List<HaGroup> groups) {
        this.rules = rules;
        this.groups = List.copyOf(groups);
    }

    public void setCrs(CrsConfig crs) {
        this.crs = crs;
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

    /** Continues from a saved status (after a restart of Ballast); call before the first round. */
    public void restore(ManagerStatus saved) {
        this.status = saved == null ? ManagerStatus.EMPTY : saved;
    }

    /** Runs one round at time {@code now} (seconds). */
    public RoundReport round(long now) {
        return round(now, observer.observe());
    }

    /** Runs one round at time {@code now} (seconds) on an observation just taken. */
    public RoundReport round(long now, ClusterObservation obs) {
        hypervisor.refresh(obs);
        if (!obs.quorate()) {
            // this side may be the minority partition: deciding anything here could start a second copy
            return new RoundReport(now, false, "cluster not quorate", null, Map.of(), List.of());
        }
        Set<String> online = obs.onlineMembers();
        trackAbsence(obs, online, now);
        if (online.isEmpty()) {
            return new RoundReport(now, false, "no online node", null, Map.of(), List.of());
        }
        if (master == null || !online.contains(master)) {
            // a new master gets a fresh manager, as after a Proxmox CRM fail-over (in-memory timers restart)
            master = online.iterator().next();
            manager = managers.get();
        }

        Map<String, String> refused = new TreeMap<>();
        SortedMap<String, ServiceConfig> services = services(obs, refused);
        RoundInput in = new RoundInput(now, master, status, new TreeSet<>(obs.nodes().keySet()), online,
                lrmReports(online, now), services, rules, groups, crs, nodeStats(obs, services.keySet()),
                serviceStats(obs, services),
                List.copyOf(commands), fencedNodes(now));
        lastInput = in;
        RoundOutput out = manager.round(in);
        status = out.status();
        List<String> agentLog = Collections.synchronizedList(new ArrayList<>());
        for (Effect e : out.effects()) {
            apply(e, agentLog);
        }
        runAgents(online, agentLog);
        pruneResults();
        return new RoundReport(now, true, null, out, refused, agentLog);
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
            if (obs.pveHaSids().contains(r.sid()) && !props.takeOverPveHa()) {
                refused.put(r.sid(), "managed by Proxmox VE's own HA manager; remove it there (ha-manager remove "
                        + r.sid() + ") or set ballast.proxmox.take-over-pve-ha=true");
                continue;
            }
            PveGuest g = obs.guests().get(r.sid());
            if (g != null) {
                lastNode.put(r.sid(), g.node());
                lastLock.put(r.sid(), g.lock());
            }
            String node = lastNode.get(r.sid());
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

    private void apply(Effect effect, List<String> log) {
        if (effect instanceof Effect.AgentLockAcquired a) {
            log.add(a.node() + ": info: fence of node '" + a.node() + "' confirmed by " + fencer);
        } else if (effect instanceof Effect.ServiceConfigMoved m) {
            PveGuest g = hypervisor.guest(m.sid());
            String type = g != null ? g.type() : m.sid().startsWith("ct:") ? "lxc" : "qemu";
            int vmid = Integer.parseInt(m.sid().substring(m.sid().indexOf(':') + 1));
            if (mover.move(type, vmid, m.fromNode(), m.toNode())) {
                hypervisor.configMoved(m.sid(), m.toNode());
                lastNode.put(m.sid(), m.toNode());
                log.add(m.toNode() + ": info: recovered config of " + m.sid() + " from '" + m.fromNode() + "'");
            } else {
                log.add(m.toNode() + ": err: moving config of " + m.sid() + " from '" + m.fromNode()
                        + "' failed; the guest needs manual recovery");
            }
        } else if (effect instanceof Effect.GuestLockRemoved g) {
            // the API can only drop a lock with skiplock, which Proxmox allows to root@pam alone, never to a token
            String node = lastNode.getOrDefault(g.sid(), "?");
            String tool = g.sid().startsWith("ct:") ? "pct" : "qm";
            log.add(node + ": err: " + g.sid() + " still has lock '" + g.lock() + "'; remove it on " + node + " with '"
                    + tool + " unlock " + g.sid().substring(g.sid().indexOf(':') + 1) + "' (API tokens cannot)");
        } else if (effect instanceof Effect.RequestedStateChanged r) {
            catalog.requestedStateChanged(r.sid(), r.state());
        } else if (effect instanceof Effect.CommandsConsumed c) {
            commands.subList(0, Math.min(c.count(), commands.size())).clear();
        }
    }

    // ---- agent side ---------------------------------------------------------------------------------------

    private record Order(String sid, ServiceStatus s) {
    }

    private void runAgents(Set<String> online, List<String> log) {
        List<Order> orders = new ArrayList<>();
        Map<String, WorkScheduler.Job> jobs = new LinkedHashMap<>();
        for (var e : status.serviceStatus().entrySet()) {
            ServiceStatus s = e.getValue();
            if (s.node() == null || s.uid() == null || !online.contains(s.node())
                    || s.state() == ServiceState.RECOVERY || s.state() == ServiceState.FREEZE
                    || s.state() == ServiceState.FENCE) {
                continue;
            }
            // a request is executed once: the manager may not have read its result yet
            if (s.state() != ServiceState.STOPPED && results.getOrDefault(s.node(), Map.of()).containsKey(s.uid())) {
                continue;
            }
            orders.add(new Order(e.getKey(), s));
            jobs.put(e.getKey(), new WorkScheduler.Job(e.getKey(), s.node(),
                    s.state() == ServiceState.MIGRATE || s.state() == ServiceState.RELOCATE
                            || s.state() == ServiceState.REQUEST_START_BALANCE));
        }
        Map<String, Order> bySid = new HashMap<>();
        orders.forEach(o -> bySid.put(o.sid(), o));
        List<List<WorkScheduler.Job>> waves = scheduler.waves(new ArrayList<>(jobs.values()));
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(8, orders.size())));
        try {
            for (List<WorkScheduler.Job> wave : waves) {
                List<Future<Integer>> done = new ArrayList<>();
                for (WorkScheduler.Job j : wave) {
                    Order o = bySid.get(j.sid());
                    done.add(pool.submit(() -> execute(o, log)));
                }
                for (int i = 0; i < wave.size(); i++) {
                    Order o = bySid.get(wave.get(i).sid());
                    int code;
                    try {
                        code = done.get(i).get();
                    } catch (ExecutionException ex) {
                        if (ex.getCause() instanceof PveAuthException auth) {
                            throw auth;
                        }
                        log.add(o.s().node() + ": err: " + o.sid() + ": " + ex.getCause());
                        code = LrmStatus.ERROR;
                    }
                    finished(o, code, log);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            pool.shutdownNow();
        }
    }

    private void finished(Order o, int exitCode, List<String> log) {
        int code = exitCode;
        if (o.s().state() == ServiceState.STARTED) {
            // max_restart: a failed start is retried locally before the manager hears of it (spec §2.4)
            ManagedResource r = catalog.resources().get(o.sid());
            int maxRestart = r == null ? 0 : r.maxRestart();
            if (code == LrmStatus.SUCCESS) {
                restartTries.put(o.sid(), 0);
            } else if (code == LrmStatus.ERROR) {
                int tries = restartTries.getOrDefault(o.sid(), 0);
                if (tries < maxRestart) {
                    restartTries.put(o.sid(), tries + 1);
                    log.add(o.s().node() + ": warning: restart policy: retry number " + (tries + 1) + " for service '"
                            + o.sid() + "'");
                    return;
                }
                restartTries.put(o.sid(), 0);
            }
        }
        results.computeIfAbsent(o.s().node(), n -> new TreeMap<>())
                .put(o.s().uid(), new LrmStatus.LrmResult(o.sid(), code));
    }

    /** One request of the manager on its node; returns the LRM exit code (spec §1.7). */
    private int execute(Order o, List<String> log) {
        String sid = o.sid();
        ServiceStatus s = o.s();
        String node = s.node();
        io.ballast.sim.HypervisorPort.AgentLog alog = (level, msg) -> log.add(node + ": " + level + ": " + msg);
        String configured = hypervisor.configuredNode(sid);
        if (configured == null) {
            alog.log("err", "missing resource configuration for '" + sid + "'");
            return 7;
        }
        if (s.state() == ServiceState.ERROR) {
            return LrmStatus.SUCCESS;
        }
        if (!configured.equals(node)) {
            alog.log("err", "service '" + sid + "' not on this node");
            return LrmStatus.EWRONG_NODE;
        }
        boolean running = hypervisor.isRunning(node, sid);
        switch (s.state()) {
            case STARTED -> {
                if (running) {
                    return LrmStatus.SUCCESS;
                }
                alog.log("info", "starting service " + sid);
                hypervisor.start(node, sid, alog);
                return hypervisor.isRunning(node, sid) ? LrmStatus.SUCCESS : LrmStatus.ERROR;
            }
            case REQUEST_STOP, STOPPED -> {
                if (!running) {
                    return LrmStatus.SUCCESS;
                }
                alog.log("info", "stopping service " + sid);
                hypervisor.stop(node, sid, s.timeout(), alog);
                return hypervisor.isRunning(node, sid) ? LrmStatus.ERROR : LrmStatus.SUCCESS;
            }
            case MIGRATE, RELOCATE, REQUEST_START_BALANCE -> {
                if (s.target() == null) {
                    return 6;
                }
                if (configured.equals(s.target())) {
                    return LrmStatus.SUCCESS;
                }
                if (s.state() == ServiceState.REQUEST_START_BALANCE && running) {
                    return LrmStatus.IGNORED;
                }
                return hypervisor.move(node, sid, s.target(), s.state() == ServiceState.MIGRATE, alog)
                        ? LrmStatus.SUCCESS : LrmStatus.ERROR;
            }
            default -> {
                alog.log("err", "unsupported request '" + s.state().key() + "' for " + sid);
                return 5;
            }
        }
    }

    private void pruneResults() {
        Set<String> uids = new TreeSet<>();
        status.serviceStatus().values().forEach(s -> {
            if (s.uid() != null) {
                uids.add(s.uid());
            }
        });
        results.values().forEach(m -> m.keySet().retainAll(uids));
    }
}
