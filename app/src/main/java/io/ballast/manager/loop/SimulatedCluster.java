package io.ballast.manager.loop;

import io.ballast.manager.store.ManagerStore;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.ballast.core.Decision;
import io.ballast.lease.LeaderLease;
import io.ballast.lease.LeadershipListener;
import io.ballast.rules.config.RuleSet;
import io.ballast.rules.pve.RulesCfgParser;
import io.ballast.sim.LiveSimulation;
import io.ballast.sim.ManagerRoundEvent;
import io.ballast.sim.SimCase;

/**
 * The HA manager loop on the simulated cluster ({@code ballast.cluster.mode=simulated}, the default): a
 * {@link LiveSimulation} seeded from the database runs one round per {@code ballast.manager.round-period}.
 * Before each round it picks up configuration edits (resources, rules, CRS settings, maintenance requests,
 * arm/disarm, queued admin commands); after each round it persists the manager status and writes one audit
 * row per decision, so a restart continues where the last round stopped.
 * <p>
 * With several instances on one database only the holder of the {@link LeaderLease} runs the simulation: it is
 * started (seeded from the database) when this instance is elected and stopped when it is deposed, and every
 * write a round makes is guarded by the lease, so a deposed instance's late round commits nothing.
 */
@Component
public class SimulatedCluster {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedCluster.class);
    /** Size of every simulated node. */
    static final double NODE_CPUS = 16;
    static final long NODE_MEMORY = 64L * 1024 * 1024 * 1024;

    private final ManagerStore store;
    private final io.ballast.proposal.ProposalStore proposals;
    private final TransactionTemplate tx;
    private final ManagerProperties properties;
    private final boolean enabled;
    private volatile LiveSimulation live;
    private Set<String> lastMaintenance = new TreeSet<>();
    /**
     * Queued admin commands handed to the running simulation; marked consumed in the database only with the rounds
     * that ran them, so a command is never lost to a crash between the two (a restart hands it over again).
     */
    private final Set<Long> handedOver = new HashSet<>();
    private final List<Long> toConsume = new java.util.ArrayList<>();
    private boolean lastDisarmed;
    private final RoundRules rules;
    private final io.ballast.core.PlacementTags tags;
    private final Integer memoryOvercommitPercent;
    private final LeaderLease lease;
    /** Set once the application (and the node seeding) is ready; an earlier election waits for it. */
    private volatile boolean ready;
    /** Starts and stops on leadership changes, off the lease thread (seeding takes a while). */
    private final java.util.concurrent.ExecutorService leadership;

    public SimulatedCluster(ManagerStore store, TransactionTemplate tx, ManagerProperties properties,
            io.ballast.rulebase.RuleBaseService ruleBases, io.ballast.config.ClusterProperties cluster,
            LeaderLease lease, io.ballast.proposal.ProposalStore proposals,
            @Value("${ballast.cluster.mode:simulated}") String mode) {
        this.proposals = proposals;
        this.rules = new RoundRules(ruleBases);
        // simulated guests carry no tags; node tags come from the configuration
        this.tags = cluster == null ? io.ballast.core.PlacementTags.NONE
                : io.ballast.core.PlacementTags.of(cluster.tagsByNode(), Map::of);
        this.memoryOvercommitPercent = cluster == null ? null : cluster.memoryOvercommitPercent();
        this.store = store;
        this.tx = tx;
        this.properties = properties;
        this.enabled = "simulated".equals(mode);
        this.lease = lease;
        this.leadership = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ballast-sim-leadership");
            t.setDaemon(true);
            return t;
        });
        if (enabled && lease != null) {
            lease.onChange(new LeadershipListener() {
                @Override
                public void elected(long term) {
                    leadership.execute(() -> {
                        if (ready) {
                            start();
                        }
                    });
                }

                @Override
                public void deposed(long term) {
                    // stop the clock at once; dropping the instance can wait for a start in progress
                    LiveSimulation sim = live;
                    if (sim != null) {
                        sim.close();
                    }
                    leadership.execute(() -> stepDown(term));
                }
            });
        }
    }

    /** The application (and the node seeding) is ready: start the loop if this instance is the manager. */
    @EventListener(ApplicationReadyEvent.class)
    public void ready() {
        ready = true;
        start();
    }

    /** Starts the loop, seeded from the database, if this instance runs the simulated cluster and leads. */
    public synchronized void start() {
        if (!enabled || live != null || !leads()) {
            return;
        }
        LiveSimulation sim = tx.execute(s -> LiveSimulation.create(seed(),
                () -> new io.ballast.core.HaManager(rules::checker, tags, memoryOvercommitPercent)::round));
        sim.actionDurations(properties.realisticDurations() ? io.ballast.sim.ActionDurations.REALISTIC : null);
        sim.onBeforeStep(this::syncConfiguration);
        sim.onStep(this::persist);
        // the hardware as the operator left it: a node powered off (or cut off) before a restart stays so
        Map<String, ManagerStore.Hardware> stored = tx.execute(s -> store.simHardware());
        for (String node : sim.snapshot().nodes().keySet()) {
            ManagerStore.Hardware hw = stored.get(node);
            if (hw == null || hw.power()) {
                sim.submit("power " + node + " on");
            }
            if (hw != null && hw.power() && !hw.network()) {
                sim.submit("network " + node + " off");
            }
        }
        lastHardware = stored;
        if (!leads()) {
            sim.close();   // deposed while seeding
            return;
        }
        live = sim;
        sim.start(properties.roundPeriod());
        LOG.info("simulated cluster started: {} nodes, one manager round per {}", sim.snapshot().nodes().size(),
                properties.roundPeriod());
    }

    /** Stops the clock (the simulation stays readable). */
    public void stop() {
        LiveSimulation sim = live;
        if (sim != null) {
            sim.close();
        }
    }

    @PreDestroy
    public void close() {
        stop();
        leadership.shutdownNow();
    }

    private synchronized void stepDown(long term) {
        LiveSimulation sim = live;
        if (sim != null) {
            sim.close();
            live = null;
            LOG.info("simulated cluster stopped: this instance is no longer the manager (term {})", term);
        }
    }

    /** Whether this service runs the simulated cluster ({@code ballast.cluster.mode=simulated}). */
    public boolean simulated() {
        return enabled;
    }

    /** Whether this instance is the active manager (always, without a lease). */
    public boolean leads() {
        return lease == null || lease.isLeader();
    }

    /** Stops the loop and starts a new one from what the database holds (what a service restart does). */
    public synchronized void restart() {
        stop();
        live = null;
        start();
    }

    /** The running simulation, or null when the service does not run in simulated mode. */
    /** Why {@code sid} is placed where it is, from the live simulation's current state; null when not running. */
    public io.ballast.core.PlacementExplanation explain(String sid) {
        LiveSimulation sim = live;
        return sim == null ? null : new io.ballast.core.HaManager(rules::checker, tags, memoryOvercommitPercent).explain(sim.currentInput(), sid);
    }

    public LiveSimulation live() {
        return live;
    }

    /** Builds the starting cluster from the database: nodes, resources where their guests last were, status. */
    private SimCase seed() {
        SimCase seeded = seed(store, rules, List.of());
        lastMaintenance = store.maintenanceRequests();
        synchronized (handedOver) {
            handedOver.clear();
            toConsume.clear();
        }
        lastDisarmed = store.arm().disarmed();
        return seeded;
    }

    /**
     * The cluster as the database holds it (nodes, resources where their guests last were, manager status, rules,
     * CRS settings) as a simulator case with {@code cmdlist}: what the service starts from, and what a what-if
     * question runs on. Every simulated node has the same size, so static and dynamic scheduling have capacities.
     */
    static SimCase seed(ManagerStore store, RoundRules rules, List<List<io.ballast.sim.SimCommand>> cmdlist) {
        SortedMap<String, SimCase.NodeSpec> nodes = new TreeMap<>();
        for (String n : store.nodes()) {
            nodes.put(n, new SimCase.NodeSpec(false, false, NODE_CPUS, NODE_MEMORY, null));
        }
        if (nodes.isEmpty()) {
            throw new IllegalStateException("no cluster nodes configured (ballast.cluster.nodes)");
        }
        Map<String, Object> managerStatus = store.managerStatusJson();
        Map<String, Map<String, Object>> persisted = serviceStatus(managerStatus);
        Map<String, Map<String, Boolean>> running = new TreeMap<>();
        nodes.keySet().forEach(n -> running.put(n, new TreeMap<>()));
        Map<String, Integer> load = new TreeMap<>();
        nodes.keySet().forEach(n -> load.put(n, 0));
        SortedMap<String, SimCase.ServiceSpec> services = new TreeMap<>();
        for (ManagerStore.Resource r : store.resources()) {
            Map<String, Object> s = persisted.get(r.sid());
            String node = s != null && nodes.containsKey(String.valueOf(s.get("node"))) ? (String) s.get("node")
                    : load.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow().getKey();
            load.merge(node, 1, Integer::sum);
            if (s != null && "started".equals(s.get("state"))) {
                running.get(node).put(r.sid(), true);
            }
            services.put(r.sid(), new SimCase.ServiceSpec(node, r.state(), r.failback(), r.maxRestart(),
                    r.maxRelocate(), null, null, null));
        }
        rules.refresh(store);
        ManagerStore.Settings settings = store.settings();
        return new SimCase(Path.of("database"), nodes, services, managerStatus, store.rulesText(), rules.rules(),
                new TreeMap<>(), new LinkedHashMap<>(), settings.crs(), settings.shutdownPolicy(), settings.maxWorkers(),
                null, null, cmdlist, running);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> serviceStatus(Map<String, Object> managerStatus) {
        Object ss = managerStatus.get("service_status");
        return ss instanceof Map<?, ?> m ? (Map<String, Map<String, Object>>) m : Map.of();
    }

    /** Runs inside the simulation's step (its lock is held): picks up everything edited since the last round. */
    private void syncConfiguration() {
        LiveSimulation sim = live;
        if (sim == null) {
            return;
        }
        store.roundStarting();   // metrics: the round's duration runs until its persist commits
        tx.executeWithoutResult(s -> {
            Set<String> configured = new HashSet<>();
            for (ManagerStore.Resource r : store.resources()) {
                sim.upsertResource(r.sid(), r.state(), r.maxRestart(), r.maxRelocate(), r.failback());
                configured.add(r.sid());
            }
            for (String sid : sim.resourceIds()) {
                if (!configured.contains(sid)) {
                    sim.removeResource(sid);
                }
            }
            rules.refresh(store);
            ManagerStore.Settings settings = store.settings();
            sim.configure(rules.rules(), settings.crs(), settings.shutdownPolicy(), settings.maxWorkers());
            if (proposals != null) {
                sim.proposal(proposals.forRound());
            }
            String anyNode = sim.snapshot().nodes().firstKey();
            Set<String> maintenance = store.maintenanceRequests();
            for (String n : maintenance) {
                if (!lastMaintenance.contains(n) && sim.hasNode(n)) {
                    sim.submit("crm " + n + " enable-node-maintenance");
                }
            }
            for (String n : lastMaintenance) {
                if (!maintenance.contains(n) && sim.hasNode(n)) {
                    sim.submit("crm " + n + " disable-node-maintenance");
                }
            }
            lastMaintenance = maintenance;
            ManagerStore.Arm arm = store.arm();
            if (arm.disarmed() && !lastDisarmed) {
                sim.submit("crm " + anyNode + " disarm-ha " + (arm.mode() == null ? "freeze" : arm.mode()));
            } else if (!arm.disarmed() && lastDisarmed) {
                sim.submit("crm " + anyNode + " arm-ha");
            }
            lastDisarmed = arm.disarmed();
            for (ManagerStore.Command c : store.pendingCommands()) {
                synchronized (handedOver) {
                    if (!handedOver.add(c.id())) {
                        continue;
                    }
                    toConsume.add(c.id());
                }
                try {
                    sim.submit(c.cmdlist());
                } catch (IllegalArgumentException e) {
                    LOG.warn("dropping crm command {}: {}", c.id(), e.getMessage());
                }
            }
        });
    }

    /** The decision core's hold counter from the latest round (status view; persisted with the manager status). */
    private volatile int roundsAboveThreshold;

    public int roundsAboveThreshold() {
        return roundsAboveThreshold;
    }

    /** Persists the latest manager status and audits every decision of the rounds that just ran. */
    void persist(List<ManagerRoundEvent> rounds) {
        Map<String, ManagerStore.Hardware> hardware = hardware();
        boolean hardwareChanged = !hardware.equals(lastHardware);
        if (rounds.isEmpty()) {
            // no manager round (e.g. the master just lost power): the hardware change is still the operator's
            if (hardwareChanged) {
                tx.executeWithoutResult(s -> {
                    guard();
                    store.saveSimHardware(hardware);
                });
                lastHardware = hardware;
            }
            return;
        }
        roundsAboveThreshold = rounds.get(rounds.size() - 1).output().status().rebalanceHold();
        List<Long> consumed;
        synchronized (handedOver) {
            consumed = List.copyOf(toConsume);
        }
        try {
            tx.executeWithoutResult(s -> {
                guard();   // first: a round that ends after this instance was deposed writes nothing
                ManagerRoundEvent last = rounds.get(rounds.size() - 1);
                long round = store.persist(last.output().status(), rounds.size());
                store.consume(consumed);
                if (hardwareChanged) {
                    store.saveSimHardware(hardware);
                }
                long first = round - rounds.size() + 1;
                for (int i = 0; i < rounds.size(); i++) {
                    ManagerRoundEvent e = rounds.get(i);
                    if (proposals != null) {
                        proposals.record(first + i, e.masterNode(), e.time(), e.output().proposals());
                    }
                    for (Decision d : e.output().decisions()) {
                        store.auditDecision(first + i, rules.version(), e.masterNode(), e.time(), d, e.before(),
                                e.output().status());
                    }
                }
            });
            synchronized (handedOver) {
                toConsume.removeAll(consumed);
            }
            lastHardware = hardware;
        } catch (io.ballast.lease.NotLeaderException e) {
            LOG.info("manager round not persisted: {}", e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            LOG.warn("could not persist manager round: {}", e.toString());
            throw e;
        }
    }

    /** Hardware persisted last (or read at start): a round writes it only when it changed. */
    private Map<String, ManagerStore.Hardware> lastHardware = Map.of();

    private Map<String, ManagerStore.Hardware> hardware() {
        LiveSimulation sim = live;
        if (sim == null) {
            return lastHardware;   // not running (yet): nothing changed
        }
        Map<String, ManagerStore.Hardware> out = new TreeMap<>();
        sim.snapshot().nodes().forEach((n, v) -> out.put(n, new ManagerStore.Hardware(v.power(), v.network())));
        return out;
    }

    private void guard() {
        if (lease != null) {
            lease.guard();
        }
    }
}
