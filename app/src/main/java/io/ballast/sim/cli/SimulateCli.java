package io.ballast.sim.cli;

import java.io.PrintStream;
import java.nio.file.Path;

import io.ballast.rules.cli.CliArgs;
import io.ballast.sim.CaseLoadException;
import io.ballast.sim.CaseLoader;
import io.ballast.sim.SimCase;
import io.ballast.sim.Simulation;
import io.ballast.sim.SimulationResult;

/**
 * {@code ballast simulate <case-dir>}: runs one case on the simulated cluster and prints its log (layout of
 * the kit's {@code log.expect}) to stdout. Exit 0 when the script ran to its end, 1 when the simulation
 * stopped early, 2 for a missing or invalid case (message on stderr naming the file and reason).
 */
public final class SimulateCli {

    private SimulateCli() {
    }

    public static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    static final String USAGE = "usage: ballast simulate <case-dir>";
    private static final String HELP = USAGE + """


            Runs one scenario directory (the conformance kit's layout: cmdlist, hardware_status, manager_status,
            service_config, ...; docs/simulator.md) on the simulated cluster and prints its log, as the kit's
            log.expect, to stdout. Exit 0 when the script ran to its end, 1 when the simulation stopped early,
            2 for a missing or invalid case.
              -h, --help   this help
            """;

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (CliArgs.wantsHelp(args)) {
            out.print(HELP);
            return 0;
        }
        if (args.length != 1 || args[0].startsWith("-")) {
            return CliArgs.fail(err, "simulate", args.length == 0 ? "missing <case-dir>"
                    : args[0].startsWith("-") ? CliArgs.unknown(args[0]).getMessage()
                    : CliArgs.unknown(args[1]).getMessage(), USAGE);
        }
        SimCase simCase;
        try {
            simCase = CaseLoader.load(Path.of(args[0]));
        } catch (CaseLoadException e) {
            err.println("ballast simulate: " + e.getMessage());
            return 2;
        }
        SimulationResult result = Simulation.run(simCase, out);
        out.flush();
        if (result.error() != null) {
            err.println("ballast simulate: simulation stopped at " + result.endTime() + " s - " + result.error());
            return 1;
        }
        return 0;
    }
}
