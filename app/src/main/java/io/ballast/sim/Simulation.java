package io.ballast.sim;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Runs a case on the simulated cluster with the time model of FORMAT.md §4: rounds over the nodes in
 * sorted order (CRM then LRM, one second per daemon iteration), a round length of max(20, 2 × nodes)
 * seconds, a cmdlist step every 5th counted round (held back by {@code delay}), and the end rule
 * "500 s after the last command". No database, no threads, no wall clock.
 */
public final class Simulation {

    /** Runs longer than this many simulated seconds are aborted. */
    public static final long MAX_TIME = 10_000;
    /** Rounds between two cmdlist steps. */
    static final int STEP_ROUNDS = 5;
    /** Quiet time after the last command before the simulation ends. */
    static final int END_AFTER = 500;

    private final SimEngine engine;
    private final SimCluster cluster;
    private final Deque<List<SimCommand>> script;
    /** Test hook: called after every round with the cluster and whether a manager round ran in it. */
    private java.util.function.BiConsumer<SimCluster, Boolean> afterRound;
    /** Asked after every round; true stops the run (the caller's deadline, not simulated time). */
    private BooleanSupplier stop = () -> false;

    private Simulation(SimCase simCase, PrintStream echo, Supplier<ManagerRound> managers) {
        this.engine = new SimEngine(simCase, new SimLog(echo), managers);
        this.cluster = engine.cluster;
        this.script = new ArrayDeque<>(simCase.cmdlist());
    }

    /**
     * Loads and runs a case directory.
     *
     * @throws CaseLoadException if the case cannot be loaded (names the file and reason)
     */
    public static SimulationResult run(Path caseDir) {
        return run(CaseLoader.load(caseDir), null);
    }

    /** Runs a loaded case; every log line is also printed to {@code echo} as it is written (may be null). */
    public static SimulationResult run(SimCase simCase, PrintStream echo) {
        return run(simCase, echo, ManagerRound.CORE);
    }

    /** Runs a loaded case with another decision maker per master term (tests script rounds this way). */
    public static SimulationResult run(SimCase simCase, PrintStream echo, Supplier<ManagerRound> managers) {
        return new Simulation(simCase, echo, managers).execute();
    }

    /**
     * Runs a loaded case and asks {@code stop} after every round: once it answers true the run ends with
     * {@link SimulationStopped} (a what-if past its deadline stops within one round).
     */
    public static SimulationResult run(SimCase simCase, PrintStream echo, Supplier<ManagerRound> managers,
                                       BooleanSupplier stop) {
        Simulation s = new Simulation(simCase, echo, managers);
        s.stop = stop;
        return s.execute();
    }

    /** Runs a case and lets {@code afterRound} inspect the cluster after every round (invariant checks). */
    static SimulationResult run(SimCase simCase, Supplier<ManagerRound> managers, ActionDurations durations,
            java.util.function.BiConsumer<SimCluster, Boolean> afterRound) {
        Simulation s = new Simulation(simCase, null, managers);
        s.afterRound = afterRound;
        s.cluster.durations = durations;
        return s.execute();
    }

    private SimulationResult execute() {
        cluster.logHardware("info", "hardware", "starting simulation");
        String error = null;
        boolean completed = false;
        try {
            loop();
            completed = true;
            cluster.logHardware("info", "hardware", "exit simulation - done");
        } catch (SimulationException | IllegalStateException e) {
            error = e.getMessage();
            cluster.logHardware("err", "hardware", "exit simulation - " + error);
        }
        return result(cluster, completed, error);
    }

    static SimulationResult result(SimCluster cluster, boolean completed, String error) {
        Map<String, String> nodes = new TreeMap<>();
        cluster.services.forEach((sid, s) -> nodes.put(sid, s.node()));
        // the round input the master would build at the end, so callers can ask the core about the final state
        String master = cluster.managerStatus != null && cluster.managerStatus.masterNode() != null
                ? cluster.managerStatus.masterNode() : cluster.nodes.isEmpty() ? null : cluster.nodes.firstKey();
        io.ballast.core.RoundInput last = master == null ? null : CoreInputs.build(cluster, master, cluster.time);
        return new SimulationResult(cluster.log.lines(), cluster.time, completed, error, cluster.managerStatus, nodes,
                last);
    }

    /** Returns when the end rule fires. */
    private void loop() {
        long lastCommandTime = 0;
        long nextCommandAt = 0;
        long countedRounds = 0;
        for (;;) {
            boolean[] managed = {false};
            cluster.roundListener = afterRound == null ? null : e -> managed[0] = true;
            engine.runRound();
            if (stop.getAsBoolean()) {
                throw new SimulationStopped(cluster.time);
            }
            if (afterRound != null) {
                afterRound.accept(cluster, managed[0]);
            }
            if (cluster.time < nextCommandAt) {
                continue; // rounds held back by delay are not counted
            }
            if (countedRounds % STEP_ROUNDS == 0) {
                List<SimCommand> step = script.pollFirst();
                if (step == null && cluster.time - lastCommandTime > END_AFTER) {
                    return;
                }
                for (SimCommand cmd : step == null ? List.<SimCommand>of() : step) {
                    lastCommandTime = cluster.time;
                    engine.execute(cmd, "cmdlist");
                    if (cmd.kind() == SimCommand.Kind.DELAY) {
                        nextCommandAt = cluster.time + Long.parseLong(cmd.arg(0));
                    }
                }
            }
            countedRounds++;
        }
    }
}
