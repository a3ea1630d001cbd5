package io.ballast.core;

import java.util.ArrayList;

import io.ballast.planner.usage.SchedulerMode;
import io.ballast.rules.RuleChecker;
import io.ballast.rules.RuleCheckers;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The CRM manager of one master (spec §1.8): one instance per master term, because Proxmox keeps some
 * timers in memory only (last seen online per node, the rebalancing hold counter); a new master means a
 * new instance. Pure: no clock, no I/O; everything comes in through {@link RoundInput}.
 */
public final class HaManager {
    private final RuleCompiler ruleCompiler;
    private final java.util.function.Supplier<RuleChecker> checkers;
    private final PlacementTags tags;
    /** The placement policy's rule session, kept across rounds (a new rule base starts a new one). */
    private io.ballast.rules.placement.PolicySession policy;
    private final Rebalancer rebalancer = new Rebalancer();
    private final Set<String> suspendedLogged = new HashSet<>();
    private NodeStatusTracker ns;
    private UidSource uids;
    private String crsMode;

    public HaManager() {
        this(RuleCheckers.defaultChecker());
    }

    public HaManager(RuleChecker checker) {
        this(() -> checker);
    }

    /**
     * A manager that validates rules and places resources with whatever rule base {@code checkers} names active at
     * each round.
     */
    public HaManager(java.util.function.Supplier<RuleChecker> checkers) {
        this(checkers, PlacementTags.NONE);
    }

    /** ... with node and guest tags the placement rules can match on. */
    public HaManager(java.util.function.Supplier<RuleChecker> checkers, PlacementTags tags) {
        this(checkers, tags, null);
    }

    /**
     * ... and H6 (spec §10.4 [EXT]): no node takes a resource when its memory in use plus the resource's would
     * exceed {@code memoryOvercommitPercent} % of its memory (null: off, the default).
     */
    public HaManager(java.util.function.Supplier<RuleChecker> checkers, PlacementTags tags,
                     Integer memoryOvercommitPercent) {
        if (memoryOvercommitPercent != null && memoryOvercommitPercent <= 0) {
            throw new IllegalArgumentException("memory overcommit must be a positive percentage, got "
                    + memoryOvercommitPercent);
        }
        this.ruleCompiler = new RuleCompiler(checkers);
        this.checkers = checkers;
        this.tags = tags;
        this.memoryOvercommitPercent = memoryOvercommitPercent;
    }

    private final Integer memoryOvercommitPercent;

    /**
     * Nanoseconds the last round spent per phase: node states, rules (compiling the configured rules and handing
     * the round's state to the placement policy), commands, automatic rebalancing, and the state machine (where
     * every placement is selected).
     */
    public record RoundTimings(long nodes, long rules, long commands, long rebalancing, long selection) {
    }

    private RoundTimings lastTimings = new RoundTimings(0, 0, 0, 0, 0);
    /** The core reads no clock of its own: a bench hands one in, live rounds measure nothing here. */
    private java.util.function.LongSupplier ticker = () -> 0L;

    /** Times the phases of every round with {@code nanoTicker} (see {@link #lastTimings()}). */
    public HaManager timedBy(java.util.function.LongSupplier nanoTicker) {
        this.ticker = nanoTicker;
        return this;
    }

    public RoundTimings lastTimings() {
        return lastTimings;
    }

    /** Runs one manager round. */
    public RoundOutput round(RoundInput in) {
        long t0 = ticker.getAsLong();
        RoundLog log = new RoundLog();
        log.proposal = in.proposal();
        ManagerStatus prev = startRound(in);
        if (crsMode == null) {
            schedulerMode(in, log); // Proxmox logs the mode when the manager is created, before the first round
        }

        // 1. node states from membership and LRM modes
        Map<String, LrmMode> modes = new HashMap<>();
        Map<String, LrmStatus.LrmResult> results = new HashMap<>();
        updateNodes(in, log, modes, results);

        SortedMap<String, ServiceEntry> ss = new TreeMap<>();
        prev.serviceStatus().forEach((sid, s) -> ss.put(sid, ServiceEntry.of(s)));
        SortedSet<String> maintenance = new TreeSet<>(prev.maintenanceRequests());
        CommandHandler.ArmState arm = new CommandHandler.ArmState(prev.disarm());

        if (!ns.isOperational(in.masterNode())) {
            log.add("info", "master seems offline");
            return output(in, prev, ss, maintenance, arm, log);
        }
        RoundContext ctx = new RoundContext(in, log, ns, ss, results, modes, uids);
        long t1 = ticker.getAsLong();
        setUp(ctx, arm.disarm != null);
        long t2 = ticker.getAsLong();
        // 7. commands
        new CommandHandler(ctx, maintenance, arm).consume();
        long t3 = ticker.getAsLong();
        long t4 = t3;

        ServiceStateMachine machine = new ServiceStateMachine(ctx);
        // 8. disarm, else automatic rebalancing
        boolean rearming = arm.armRequested;
        if (!new Disarmer(ctx, arm, suspendedLogged).handle(machine)) {
            if (!rearming) {
                rebalancer.run(ctx);
            }
            t4 = ticker.getAsLong();
            // 9. state machine and fencing until stable
            machine.runUntilStable(null);
            rebalancer.proposeFailbacks(ctx);
            if (rearming) {
                Disarmer.logRearmed(log);
            }
        }
        long t5 = ticker.getAsLong();
        lastTimings = new RoundTimings(t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4);
        return output(in, prev, ss, maintenance, arm, log);
    }

    /** The status the round starts from; the first round of a term takes over the persisted timers. */
    private ManagerStatus startRound(RoundInput in) {
        ManagerStatus prev = in.previous() == null ? ManagerStatus.EMPTY : in.previous();
        if (ns == null) {
            ns = new NodeStatusTracker(prev.nodeStatus());
            rebalancer.resume(prev.rebalanceHold());
            uids = new UidSource(in.masterNode());
        }
        uids.round(in.now());
        return prev;
    }

    private void updateNodes(RoundInput in, RoundLog log, Map<String, LrmMode> modes,
                             Map<String, LrmStatus.LrmResult> results) {
        for (String node : in.clusterNodes()) {
            LrmStatus lrm = in.lrmStatus().get(node);
            modes.put(node, lrm == null || lrm.mode() == null ? LrmMode.ACTIVE : lrm.mode());
            if (lrm != null) {
                lrm.results().forEach(results::putIfAbsent);
            }
        }
        ns.update(in.clusterNodes(), in.onlineMembers(), modes, agentsWithoutWatchdog(in), in.now(), log);
    }

    /** Steps 2 and 4-6 of a round: CRS mode, new and stale services, usage model, rules and the policy. */
    private void setUp(RoundContext ctx, boolean disarmed) {
        RoundInput in = ctx.input;
        // 2. CRS settings
        SchedulerMode mode = schedulerMode(in, ctx.log);
        // 4. new and stale services (not while disarmed)
        if (!disarmed) {
            syncServices(ctx);
        }
        // 5. usage model
        ctx.usage = ServiceUsage.create(mode, ns.onlineNodes(), in.nodeStats(), in.serviceStats(), ctx.log);
        ctx.ss.forEach(ctx.usage::update);
        // 6. rules
        // every configured node counts, seen online or not: a rule naming a node that is down is still valid
        java.util.SortedSet<String> ruleNodes = new java.util.TreeSet<>(in.clusterNodes());
        ruleNodes.addAll(ns.nodes());
        ctx.rules = ruleCompiler.compile(in.rules(), in.groups(), ctx.sc, new ArrayList<>(ruleNodes), ctx.log);
        ctx.policy = new RoundPolicy(policySession(), ctx, tags, memoryOvercommitPercent);
        ctx.policy.syncAll();
    }

    /**
     * What the placement policy and the node selection say about {@code sid} in the state {@code in} describes,
     * without deciding anything: the same steps a round takes before its state machine runs. Meant for a manager
     * of its own (it advances the node-state timers like a round).
     */
    public PlacementExplanation explain(RoundInput in, String sid) {
        RoundLog log = new RoundLog();
        ManagerStatus prev = startRound(in);
        Map<String, LrmMode> modes = new HashMap<>();
        Map<String, LrmStatus.LrmResult> results = new HashMap<>();
        updateNodes(in, log, modes, results);
        SortedMap<String, ServiceEntry> ss = new TreeMap<>();
        prev.serviceStatus().forEach((id, s) -> ss.put(id, ServiceEntry.of(s)));
        RoundContext ctx = new RoundContext(in, log, ns, ss, results, modes, uids);
        setUp(ctx, prev.disarm() != null);
        return ctx.ss.containsKey(sid) ? PlacementExplanation.of(ctx, sid) : null;
    }

    private io.ballast.rules.placement.PolicySession policySession() {
        io.ballast.rules.engine.RuleBase base = checkers.get().ruleBase();
        if (policy == null || policy.ruleBase() != base) {
            if (policy != null) {
                policy.close();
            }
            policy = new io.ballast.rules.placement.PolicySession(base);
        }
        return policy;
    }

    private SchedulerMode schedulerMode(RoundInput in, RoundLog log) {
        String configured = in.crs() == null || in.crs().mode() == null ? "basic" : in.crs().mode();
        if (crsMode == null) {
            if (!"basic".equals(configured)) {
                log.add("info", "using scheduler mode '" + configured + "'");
            }
        } else if (!crsMode.equals(configured)) {
            log.add("info", "switching scheduler mode from '" + crsMode + "' to '" + configured + "'");
        }
        crsMode = configured;
        try {
            return SchedulerMode.parse(configured);
        } catch (IllegalArgumentException e) {
            log.add("warn", "got unknown scheduler mode '" + configured + "', using 'basic'");
            return SchedulerMode.BASIC;
        }
    }

    private void syncServices(RoundContext ctx) {
        for (ServiceConfig cd : ctx.sc.values()) {
            if (ctx.ss.containsKey(cd.sid()) || "ignored".equals(cd.requestedState())) {
                continue;
            }
            ctx.log.add("info", "adding new service '" + cd.sid() + "' on node '" + cd.node() + "'");
            ServiceState state = "started".equals(cd.requestedState())
                    ? ServiceState.REQUEST_START : ServiceState.REQUEST_STOP;
            ctx.ss.put(cd.sid(), new ServiceEntry(state, cd.node(), ctx.uids.next(ServiceState.STARTED)));
            ctx.log.decision(cd.sid(), "config", "add as " + state.key(), "new HA resource");
        }
        for (String sid : new TreeSet<>(ctx.ss.keySet())) {
            ServiceConfig cd = ctx.sc.get(sid);
            if (cd != null && !"ignored".equals(cd.requestedState())) {
                continue;
            }
            String reason = cd != null ? "ignored state requested" : "no config";
            ctx.log.add("info", "removing stale service '" + sid + "' (" + reason + ")");
            ctx.log.decision(sid, "config", "remove", reason);
            ctx.ss.remove(sid);
        }
    }

    private RoundOutput output(RoundInput in, ManagerStatus prev, SortedMap<String, ServiceEntry> ss,
                               SortedSet<String> maintenance, CommandHandler.ArmState arm, RoundLog log) {
        SortedMap<String, ServiceStatus> services = new TreeMap<>();
        ss.forEach((sid, e) -> services.put(sid, e.snapshot()));
        ManagerStatus status = new ManagerStatus(in.masterNode(), in.now(), ns.snapshot(), maintenance, arm.disarm,
                services, rebalancer.holdCounter());
        return new RoundOutput(status, log.lines, log.effects, log.decisions, log.proposal, log.proposalEvents);
    }

    /** Nodes whose last agent report says it waits for its lock, so it holds no watchdog. */
    static java.util.Set<String> agentsWithoutWatchdog(RoundInput in) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        in.lrmStatus().forEach((node, st) -> {
            if (st != null && "wait_for_agent_lock".equals(st.state())) {
                out.add(node);
            }
        });
        return out;
    }
}
