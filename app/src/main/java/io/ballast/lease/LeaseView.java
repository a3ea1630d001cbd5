package io.ballast.lease;

import java.time.Instant;

/**
 * The lease as the database holds it, for status pages.
 *
 * @param leader       instance holding an unexpired lease, null when none does
 * @param term         the lease's current term (of the last holder when none holds it now)
 * @param since        when the current term was acquired (database clock)
 * @param expiresAt    when the lease expires unless renewed (database clock)
 * @param self         this instance's id
 * @param selfIsLeader whether this instance acts as manager now (its own view, see {@link LeaderLease#isLeader})
 */
public record LeaseView(String leader, long term, Instant since, Instant expiresAt, String self,
                        boolean selfIsLeader) {
}
