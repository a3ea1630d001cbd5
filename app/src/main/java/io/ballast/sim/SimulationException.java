package io.ballast.sim;

/** The simulation cannot continue (a command refers to something that does not exist, ...). */
public class SimulationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SimulationException(String message) {
        super(message);
    }
}
