package io.ballast.conformance;

/**
 * One service-level event reduced from a CRM log line (FORMAT.md §6, kinds {@code state} and {@code service}).
 *
 * @param time simulated seconds of the line
 * @param sid  resource the event belongs to
 * @param text normalised text without time, e.g. {@code vm:101 started->fence node=node3}
 */
public record TraceEvent(long time, String sid, String text) {
}
