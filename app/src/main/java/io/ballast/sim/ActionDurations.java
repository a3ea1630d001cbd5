package io.ballast.sim;

/**
 * How long guest actions take on the simulated hypervisor, in simulated seconds. The conformance runs
 * use none (every action completes within the agent iteration that starts it, like the reference
 * simulator); the live cluster uses {@link #REALISTIC}, so actions span agent rounds and the
 * {@code max_workers} limit matters.
 */
public record ActionDurations(int start, int stop, int migrate, int relocate) {

    /** A start or stop finishes by the next agent round; a move takes two. */
    public static final ActionDurations REALISTIC = new ActionDurations(10, 10, 40, 40);

    public ActionDurations {
        if (start < 0 || stop < 0 || migrate < 0 || relocate < 0) {
            throw new IllegalArgumentException("durations must not be negative");
        }
    }

    int of(String requestedState) {
        return switch (requestedState) {
            case "started" -> start;
            case "request_stop", "stopped" -> stop;
            case "migrate" -> migrate;
            default -> relocate; // relocate, request_start_balance
        };
    }
}
