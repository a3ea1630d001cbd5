package io.ballast.web;

import java.time.Duration;

/**
 * The wall-clock budget of one request (a what-if's {@code ballast.what-if.timeout}). Not the manager's round
 * time, which comes from the Clock bean: this only says when to give up on work nobody will wait for.
 */
public record Deadline(long endNanos, Duration budget) {

    public static Deadline after(Duration budget) {
        return new Deadline(System.nanoTime() + budget.toNanos(), budget);
    }

    public boolean passed() {
        return System.nanoTime() - endNanos >= 0;
    }
}
