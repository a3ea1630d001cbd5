package io.ballast.sim;

import java.util.function.Supplier;

import io.ballast.sim.SimCluster.SimNode;

/**
 * Advances the simulated cluster one round at a time (FORMAT.md §4): every node in sorted order runs its
 * CRM then its LRM iteration (one second each), watchdogs are checked after each node, and the clock moves
 * to the next round start. Scheduling of commands is left to the caller ({@link Simulation} for scripted
 * cases, {@link LiveSimulation} for commands arriving in real time).
 */
final class SimEngine {

    final SimCluster cluster;
    private final int roundLength;
    private int skipCrm;
    private int skipLrm;

    SimEngine(SimCase simCase, SimLog log, Supplier<ManagerRound> managers) {
        this.cluster = new SimCluster(simCase, log, managers);
        this.roundLength = Math.max(20, 2 * cluster.nodes.size());
    }

    /** Runs one round and moves the clock to the start of the next one. */
    void runRound() {
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
        if (cluster.time > Simulation.MAX_TIME) {
            throw new SimulationException("simulation exceeded maximum time (" + Simulation.MAX_TIME + ") - force end");
        }
        for (SimNode d : cluster.nodes.values()) {
            d.lrmEnv.loopStart();
            d.crmEnv.loopStart();
        }
    }

    /**
     * Executes one command between rounds. {@code delay} is only logged here; holding back the script is
     * the caller's business.
     */
    void execute(SimCommand cmd, String source) {
        switch (cmd.kind()) {
            case DELAY -> cluster.logHardware("info", source, "execute " + cmd.text());
            case SKIP_ROUND -> {
                cluster.logHardware("info", source, "execute " + cmd.text());
                int rounds = Integer.parseInt(cmd.arg(0));
                if (cmd.action().equals("crm")) {
                    skipCrm += rounds;
                } else {
                    skipLrm += rounds;
                }
            }
            default -> cluster.execute(cmd, source);
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
