package io.ballast.sim;

/**
 * The caller asked the simulation to stop (a what-if past its deadline): not a result, so it is not caught and
 * turned into a log line like {@link SimulationException}.
 */
public class SimulationStopped extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long simulatedTime;

    public SimulationStopped(long simulatedTime) {
        super("stopped at simulated time " + simulatedTime);
        this.simulatedTime = simulatedTime;
    }

    /** Simulated seconds reached when it stopped. */
    public long simulatedTime() {
        return simulatedTime;
    }
}
