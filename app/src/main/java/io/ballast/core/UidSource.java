package io.ballast.core;

/**
 * Request ids for the LRM. Unique across master terms: they carry the master node and the round time,
 * so a new manager instance never reuses an id an LRM may still report.
 */
final class UidSource {
    private final String master;
    private long now;
    private long counter;

    UidSource(String master) {
        this.master = master;
    }

    void round(long time) {
        this.now = time;
    }

    String next(ServiceState state) {
        counter++;
        return master + "-" + now + "-" + counter + "-" + state.key();
    }
}
