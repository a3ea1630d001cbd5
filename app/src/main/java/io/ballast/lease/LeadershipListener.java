package io.ballast.lease;

/**
 * Told when this instance becomes or stops being the active manager. Called on the lease thread, in order;
 * keep it quick (hand long work to another thread), since renewals wait for it.
 */
public interface LeadershipListener {

    /** This instance holds the lease for {@code term} from now on. */
    void elected(long term);

    /** This instance no longer acts as manager for {@code term} (lost, expired by its own clock, or shut down). */
    void deposed(long term);
}
