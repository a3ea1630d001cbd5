package io.ballast.sim;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import io.ballast.sim.SimCluster.SimNode;

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

    private final SimCluster cluster;
    private final Deque<List<SimCommand>> script;

    private Simulation(SimCase simCase, PrintStream echo, Supplier<ManagerRound> managers) {
        this.cluster = new SimCluster(simCase, new SimLog(echo), managers);
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

    private SimulationResult execute() {
        SimLog log = cluster.log;
        cluster.logHardware("info", "hardware", "starting simulation");
        String error = null;
        boolean completed = false;
        try {
            completed = loop();
            if (completed) {
                cluster.logHardware("info", "hardware", "exit simulation - done");
            }
        } catch (SimulationException | IllegalStateException e) {
            error = e.getMessage();
            cluster.logHardware("err", "hardware", "exit simulation - " + error);
        }
        Map<String, String> nodes = new TreeMap<>();
        cluster.services.forEach((sid, s) -> nodes.put(sid, s.node()));
        return new SimulationResult(log.lines(), cluster.time, completed, error, cluster.managerStatus, nodes);
    }

    /** @return true when the end rule fired */
    private boolean loop() {
        long lastCommandTime = 0;
        long nextCommandAt = 0;
        int skipCrm = 0;
        int skipLrm = 0;
        long loopCount = 0;
        int roundLength = Math.max(20, 2 * cluster.nodes.size());
        for (;;) {
            long start = cluster.time;
            boolean first = true;
            for (SimNode d : cluster.nodes.values()) {
                runCrm(d, skipCrm > 0, first);
                runLrm(d, skipLrm > 0, first);
                for (String n : cluster.nodes.keySet()) {
                    if (!cluster.watchdogCheck(n)) {
                        cluster.execute(SimCommand.parse("power " + n + " off"), "watchdog");
                        cluster.logHardware("info", "hardware", "server '" + n + "' stopped by poweroff (watchdog)");
                        cluster.nodes.get(n).crm = null;
                        cluster.nodes.get(n).lrm = null;
                    }
                }
                first = false;
            }
            if (skipCrm > 0) {
                skipCrm--;
            }
            if (skipLrm > 0) {
                skipLrm--;
            }
            if (cluster.time - start < roundLength) {
                cluster.time = start + roundLength;
            }
            if (cluster.time > MAX_TIME) {
                throw new SimulationException("simulation exceeded maximum time (" + MAX_TIME + ") - force end");
            }
            for (SimNode d : cluster.nodes.values()) {
                d.lrmEnv.loopStart();
                d.crmEnv.loopStart();
            }
            if (cluster.time < nextCommandAt) {
                continue;
            }
            if (loopCount % STEP_ROUNDS == 0) {
                List<SimCommand> step = script.pollFirst();
                if (step == null && cluster.time - lastCommandTime > END_AFTER) {
                    return true;
                }
                for (SimCommand cmd : step == null ? List.<SimCommand>of() : step) {
                    lastCommandTime = cluster.time;
                    switch (cmd.kind()) {
                        case DELAY -> {
                            cluster.logHardware("info", "cmdlist", "execute " + cmd.text());
                            nextCommandAt = cluster.time + Long.parseLong(cmd.arg(0));
                        }
                        case SKIP_ROUND -> {
                            cluster.logHardware("info", "cmdlist", "execute " + cmd.text());
                            int rounds = Integer.parseInt(cmd.arg(0));
                            if (cmd.action().equals("crm")) {
                                skipCrm += rounds;
                            } else {
                                skipLrm += rounds;
                            }
                        }
                        default -> cluster.execute(cmd, "cmdlist");
                    }
                }
            }
            loopCount++;
        }
    }

    private void runCrm(SimNode d, boolean skip, boolean first) {
        CrmDaemon crm = d.crm;
        if (crm == null) {
            return;
        }
        boolean exit = false;
        if (!skip) {
            exit = !crm.iterate();
        } else if (first) {
            cluster.logHardware("info", "run-loop", "skipping CRM round");
        }
        cluster.time = Math.max(cluster.time, d.crmEnv.time);
        if (exit) {
            d.crmEnv.log("info", "exit (loop end)");
            d.crm = null;
            String shutdown = cluster.hw.get(d.name).shutdown;
            if ("reboot".equals(shutdown)) {
                cluster.execute(SimCommand.parse("power " + d.name + " off"), "reboot");
                cluster.execute(SimCommand.parse("power " + d.name + " on"), "reboot");
            } else if ("shutdown".equals(shutdown)) {
                cluster.execute(SimCommand.parse("power " + d.name + " off"), "shutdown");
            } else if (!d.crmStop) {
                throw new SimulationException("unexpected CRM exit on " + d.name);
            }
            d.crmStop = false;
        }
    }

    private void runLrm(SimNode d, boolean skip, boolean first) {
        LrmDaemon lrm = d.lrm;
        if (lrm == null) {
            return;
        }
        boolean exit = false;
        if (!skip) {
            exit = !lrm.iterate();
        } else if (first) {
            cluster.logHardware("info", "run-loop", "skipping LRM round");
        }
        cluster.time = Math.max(cluster.time, d.lrmEnv.time);
        if (exit) {
            d.lrmEnv.log("info", "exit (loop end)");
            d.lrm = null;
            String shutdown = cluster.hw.get(d.name).shutdown;
            if (d.lrmRestart) {
                if (shutdown != null) {
                    throw new SimulationException("lrm restart during shutdown - not implemented");
                }
                d.lrmRestart = false;
                d.lrm = new LrmDaemon(d.lrmEnv);
            } else if (shutdown != null) {
                // the LRM exits before the CRM, like on a real node
                cluster.execute(SimCommand.parse("crm " + d.name + " stop"), shutdown);
            } else {
                throw new SimulationException("unexpected LRM exit on " + d.name);
            }
        }
    }
}
