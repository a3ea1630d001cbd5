package io.ballast.lease;

/** A write guarded by {@link LeaderLease#guard()} from an instance that does not hold the lease. */
public class NotLeaderException extends RuntimeException {

    private final String leader;
    private final long term;

    public NotLeaderException(String message, String leader, long term) {
        super(message);
        this.leader = leader;
        this.term = term;
    }

    /** The instance holding the lease when the check ran, null when none did. */
    public String leader() {
        return leader;
    }

    /** The lease's term when the check ran. */
    public long term() {
        return term;
    }
}
