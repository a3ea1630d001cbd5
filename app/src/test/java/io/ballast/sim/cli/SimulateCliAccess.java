package io.ballast.sim.cli;

import java.io.PrintStream;

/** Lets tests in io.ballast.sim call the CLI with captured streams. */
public final class SimulateCliAccess {

    private SimulateCliAccess() {
    }

    public static int run(String caseDir, PrintStream out, PrintStream err) {
        return SimulateCli.run(new String[] {caseDir}, out, err);
    }
}
