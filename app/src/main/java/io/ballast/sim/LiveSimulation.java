package io.ballast.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.ballast.core.ManagerStatus;

/**
 * The simulated cluster running in (scaled) real time, for a service to expose: one simulated round per
 * {@code roundPeriod} of wall time (10 s by default, like a real manager round). Commands in cmdlist syntax
 * can be submitted at any time; they run at the next round boundary, logged with source {@code api}.
 * Thread-safe: every access is synchronized on this object.
 */
public final class LiveSimulation implements AutoCloseable {

    /** Wall-clock time per simulated round when nothing else is asked for. */
    public static final Duration DEFAULT_ROUND_PERIOD = Duration.ofSeconds(10);

    private final SimEngine engine;
    private final List<SimCommand> pending = new ArrayList<>();
    private final ScheduledExecutorService timer;
    private volatile ScheduledFuture<?> ticking;
    private volatile boolean closed;
    private String error;
    private java.util.function.Consumer<List<ManagerRoundEvent>> listener;
    private String lastListenerError;
    private Runnable beforeStep;

    /** Current state of one node. */
    public record NodeView(boolean power, boolean network, boolean online, String crmState, String lrmState,
            String lrmMode) {
    }

    /** A consistent view of the whole cluster between two rounds. */
    public record Snapshot(long time, SortedMap<String, NodeView> nodes, ManagerStatus managerStatus,
            Map<String, String> serviceNodes, Map<String, String> requestedStates, int logSize, String error) {
    }

    private LiveSimulation(SimCase simCase, Supplier<ManagerRound> managers) {
        this.engine = new SimEngine(simCase, new SimLog(null), managers);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ballast-live-sim");
            t.setDaemon(true);
            return t;
        });
        engine.cluster.logHardware("info", "hardware", "starting simulation");
    }

    /** Creates a live simulation of a case's cluster without starting its clock (see {@link #start}). */
    public static LiveSimulation create(SimCase simCase) {
        return create(simCase, ManagerRound.CORE);
    }

    public static LiveSimulation create(SimCase simCase, Supplier<ManagerRound> managers) {
        return new LiveSimulation(simCase, managers);
    }

    /** Starts advancing one round per {@code roundPeriod}; the case's own cmdlist is not replayed. */
    public synchronized void start(Duration roundPeriod) {
        if (roundPeriod.isZero() || roundPeriod.isNegative()) {
            throw new IllegalArgumentException("roundPeriod must be positive, got " + roundPeriod);
        }
        if (ticking != null) {
            throw new IllegalStateException("already running");
        }
        long ms = Math.max(1, roundPeriod.toMillis());
        ticking = timer.scheduleAtFixedRate(this::tick, ms, ms, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            step();
        } catch (SimulationException e) {
            // the simulated cluster cannot go on (the reason is in the log and the snapshot): stop the clock
            synchronized (this) {
                if (ticking != null) {
                    ticking.cancel(false);
                }
            }
        } catch (RuntimeException e) {
            // a failing listener must not stop the cluster; the next round tries again
            lastListenerError = e.toString();
        } catch (Error e) {
            lastListenerError = e.toString();
            throw e;
        }
    }

    /** The last exception thrown by the step listener, or null. */
    public synchronized String lastListenerError() {
        return lastListenerError;
    }

    /**
     * Queues a command in cmdlist syntax (e.g. {@code "network node2 off"}, {@code "service vm:101 migrate node3"}).
     *
     * @throws IllegalArgumentException if the command is malformed or names an unknown node
     */
    public synchronized void submit(String command) {
        SimCommand cmd = SimCommand.parse(command);
        if (cmd.kind() == SimCommand.Kind.DELAY) {
            throw new IllegalArgumentException("'delay' only makes sense in a script");
        }
        if (cmd.kind() != SimCommand.Kind.SERVICE && cmd.subject() != null
                && !engine.cluster.nodes.containsKey(cmd.subject())) {
            throw new IllegalArgumentException("no such node '" + cmd.subject() + "'");
        }
        pending.add(cmd);
    }

    /**
     * Runs the queued commands, then one round; usable without a clock (tests, step-by-step what-if).
     *
     * @return the manager rounds that ran in this round (none while no CRM is master)
     */
    public synchronized List<ManagerRoundEvent> step() {
        if (error != null) {
            throw new SimulationException("simulation stopped: " + error);
        }
        if (closed) {
            return List.of();
        }
        if (beforeStep != null) {
            beforeStep.run();
        }
        List<ManagerRoundEvent> rounds = new ArrayList<>();
        engine.cluster.roundListener = rounds::add;
        try {
            for (SimCommand cmd : pending) {
                engine.execute(cmd, "api");
            }
            pending.clear();
            engine.runRound();
        } catch (SimulationException | IllegalStateException e) {
            error = e.getMessage();
            engine.cluster.logHardware("err", "hardware", "exit simulation - " + error);
            throw e instanceof SimulationException se ? se : new SimulationException(error);
        } finally {
            engine.cluster.roundListener = null;
        }
        if (listener != null && !closed) {
            listener.accept(rounds);
        }
        return rounds;
    }

    /** Lets guest actions take time (and {@code max_workers} limit how many run at once); null = instant. */
    public synchronized void actionDurations(ActionDurations durations) {
        engine.cluster.durations = durations;
    }

    /** Runs at the start of every step, before queued commands (syncing configuration edits). */
    public synchronized void onBeforeStep(Runnable hook) {
        this.beforeStep = hook;
    }

    /** Receives the manager rounds of every clock-driven or manual step (persistence, audit). */
    public synchronized void onStep(java.util.function.Consumer<List<ManagerRoundEvent>> listener) {
        this.listener = listener;
    }

    // ---- configuration edits (what an admin changes through the API; read by the next manager round) ----

    /**
     * Adds or updates an HA resource. A new resource's guest is placed on the node with the fewest
     * configured guests (the simulated cluster's stand-in for "where the VM was created").
     */
    public synchronized void upsertResource(String sid, String requestedState, int maxRestart, int maxRelocate,
            boolean failback) {
        if (!sid.matches("(vm|ct|fa):\\d+")) {
            throw new IllegalArgumentException("invalid resource id '" + sid + "'");
        }
        SimCluster c = engine.cluster;
        SimCase.ServiceSpec old = c.services.get(sid);
        String node = old != null ? old.node() : leastLoadedNode();
        c.services.put(sid, new SimCase.ServiceSpec(node, requestedState, failback, maxRestart, maxRelocate,
                old == null ? null : old.group(), old == null ? null : old.lock(), old == null ? null : old.comment()));
    }

    private String leastLoadedNode() {
        SimCluster c = engine.cluster;
        Map<String, Integer> count = new TreeMap<>();
        c.nodes.keySet().forEach(n -> count.put(n, 0));
        c.services.values().forEach(s -> count.computeIfPresent(s.node(), (k, v) -> v + 1));
        return count.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    public synchronized void removeResource(String sid) {
        engine.cluster.services.remove(sid);
    }

    public synchronized java.util.Set<String> resourceIds() {
        return java.util.Set.copyOf(engine.cluster.services.keySet());
    }

    /** Replaces the rules, CRS settings, shutdown policy and worker limit read by the next rounds. */
    public synchronized void configure(io.ballast.rules.config.RuleSet rules, io.ballast.rules.pve.CrsConfig crs,
            String shutdownPolicy, int maxWorkers) {
        SimCluster c = engine.cluster;
        c.rules = rules;
        c.crs = crs;
        c.shutdownPolicy = shutdownPolicy;
        c.maxWorkers = maxWorkers;
    }

    /** The open or applied rebalancing proposal, as the service's store holds it, for the next rounds. */
    public synchronized void proposal(io.ballast.core.Proposal proposal) {
        engine.cluster.proposal = proposal;
    }

    /**
     * Makes the next {@code startFailures} starts and {@code migrateFailures} migrations of a resource fail
     * (until its first success), and with {@code cannotStop} every stop; all zero/false clears it.
     */
    public synchronized void injectFailure(String sid, int startFailures, int migrateFailures, boolean cannotStop) {
        if (!engine.cluster.services.containsKey(sid)) {
            throw new IllegalArgumentException("no such resource '" + sid + "'");
        }
        ((SimHypervisor) engine.cluster.hypervisor).injectFailure(sid, startFailures, migrateFailures, cannotStop);
    }

    public synchronized boolean hasNode(String node) {
        return engine.cluster.nodes.containsKey(node);
    }

    public synchronized Snapshot snapshot() {
        SimCluster c = engine.cluster;
        SortedMap<String, NodeView> nodes = new TreeMap<>();
        c.nodes.forEach((n, d) -> {
            SimCluster.Hw h = c.hw.get(n);
            nodes.put(n, new NodeView(h.power, h.network, c.online(n), d.crm == null ? null : d.crm.state(),
                    d.lrm == null ? null : d.lrm.state(), d.lrm == null ? null : d.lrm.mode()));
        });
        Map<String, String> serviceNodes = new TreeMap<>();
        Map<String, String> requested = new TreeMap<>();
        c.services.forEach((sid, s) -> {
            serviceNodes.put(sid, s.node());
            requested.put(sid, s.state());
        });
        return new Snapshot(c.time, nodes, c.managerStatus, serviceNodes, requested, c.log.lines().size(), error);
    }

    /**
     * Cluster load as the scheduler sees it now.
     *
     * @param mode           scheduler mode in use (basic when static/dynamic lack node capacities)
     * @param imbalance      normalised imbalance (CV / sqrt(N-1), spec §3.7), what Ballast's rebalancing uses
     * @param cv             raw coefficient of variation of the node loads (the figure Proxmox 5.2 logs)
     * @param threshold      automatic rebalancing threshold on the normalised imbalance
     * @param holdRounds     rounds the imbalance must stay above the threshold before a move
     * @param autoRebalance  whether automatic rebalancing is on
     * @param nodeLoads      node → load (max of CPU and memory share; resource count in basic mode)
     */
    /** {@code nodeCpu} and {@code nodeMem}: each online node's CPU and memory load (0-1) in the usage model. */
    public record UsageView(String mode, double imbalance, double cv, double threshold, double holdRounds,
            boolean autoRebalance, SortedMap<String, Double> nodeLoads, SortedMap<String, Double> nodeCpu,
            SortedMap<String, Double> nodeMem) {
    }

    public synchronized UsageView usage() {
        SimCluster c = engine.cluster;
        return usageOf(CoreInputs.build(c, c.nodes.firstKey(), c.time));
    }

    /**
     * The usage the rebalancer compares, on the online nodes of {@code input}: every resource of its manager status
     * that takes room (not stopped, not in error) counted where the usage model counts it. One computation for the
     * live status and for what-if answers.
     */
    public static UsageView usageOf(io.ballast.core.RoundInput input) {
        List<io.ballast.planner.usage.NodeStats> online = new ArrayList<>();
        for (String n : input.clusterNodes()) {
            if (input.onlineMembers().contains(n)) {
                // a node without figures (a stale Proxmox node) still counts, as the basic model sees it
                online.add(input.nodeStats().getOrDefault(n, io.ballast.planner.usage.NodeStats.basic(n)));
            }
        }
        io.ballast.planner.usage.SchedulerMode mode = io.ballast.planner.usage.SchedulerMode.parse(input.crs().mode());
        io.ballast.planner.usage.UsageModel model;
        try {
            model = io.ballast.planner.usage.UsageModels.create(mode, online);
        } catch (IllegalArgumentException e) {
            model = io.ballast.planner.usage.UsageModels.create(io.ballast.planner.usage.SchedulerMode.BASIC, online);
        }
        for (var e : input.previous().serviceStatus().entrySet()) {
            var st = e.getValue();
            String state = st.state().key();
            if (state.equals("stopped") || state.equals("error") || state.equals("request_stop")) {
                continue;
            }
            var stats = input.serviceStats().getOrDefault(e.getKey(), io.ballast.planner.usage.ResourceStats.NONE);
            model.addResource(e.getKey(), st.node(), st.target(), st.running(), stats);
        }
        SortedMap<String, Double> loads = new TreeMap<>();
        SortedMap<String, Double> cpu = new TreeMap<>();
        SortedMap<String, Double> mem = new TreeMap<>();
        model.nodeUsage().forEach(u -> {
            loads.put(u.name(), u.load());
            cpu.put(u.name(), u.cpuLoad());
            mem.put(u.name(), u.memLoad());
        });
        return new UsageView(model.mode().key(), model.imbalance(), io.ballast.planner.usage.Imbalance
                .coefficientOfVariation(model.nodeUsage()), input.crs().thresholdPercent() / 100.0,
                input.crs().holdRounds(), input.crs().autoRebalance(), loads, cpu, mem);
    }

    /** The round input the master would build now (explanations run the rounds' own steps on it). */
    public synchronized io.ballast.core.RoundInput currentInput() {
        return Simulation.result(engine.cluster, false, null).finalInput();
    }

    /** Log lines from index {@code from} on (log.expect layout). */
    public synchronized List<String> logSince(int from) {
        List<String> lines = engine.cluster.log.lines();
        return List.copyOf(lines.subList(Math.min(Math.max(0, from), lines.size()), lines.size()));
    }

    /** Stops the clock. Not synchronized: a round in progress (maybe waiting on a listener) must not block it. */
    @Override
    public void close() {
        closed = true;
        ScheduledFuture<?> t = ticking;
        if (t != null) {
            t.cancel(true);
        }
        timer.shutdownNow();
    }
}
