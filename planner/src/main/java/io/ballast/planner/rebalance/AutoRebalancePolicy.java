package io.ballast.planner.rebalance;

/**
 * Threshold, hold duration and margin of automatic rebalancing (spec §6.3 steps 3 and 6), shared by the
 * greedy methods and plans. Pure: the caller keeps the hold counter (it is not persisted).
 *
 * @param threshold    imbalance (fraction 0..1) above which rebalancing is considered
 * @param holdDuration consecutive rounds above threshold required (0 or 1 = first exceeding round)
 * @param margin       minimum relative improvement (fraction 0..1)
 */
public record AutoRebalancePolicy(double threshold, int holdDuration, double margin) {

    /** Proxmox defaults: 30 %, 3 rounds, 10 %. */
    public static final AutoRebalancePolicy DEFAULTS = new AutoRebalancePolicy(0.3, 3, 0.1);

    public AutoRebalancePolicy {
        if (threshold < 0 || threshold > 1) {
            throw new IllegalArgumentException("ha-auto-rebalance-threshold: " + threshold + " is not a fraction 0..1");
        }
        if (holdDuration < 0) {
            throw new IllegalArgumentException("ha-auto-rebalance-hold-duration: " + holdDuration + " is negative");
        }
        if (margin < 0 || margin > 1) {
            throw new IllegalArgumentException("ha-auto-rebalance-margin: " + margin + " is not a fraction 0..1");
        }
    }

    /** [FIX] §6.1: the datacenter.cfg values are percent. */
    public static AutoRebalancePolicy fromPercent(double thresholdPercent, int holdDuration, double marginPercent) {
        return new AutoRebalancePolicy(thresholdPercent / 100, holdDuration, marginPercent / 100);
    }

    /** Outcome of the hold check: whether to look for a move this round and the counter to keep. */
    public record Hold(boolean proceed, int counter) {
    }

    /**
     * Step 3: at or below threshold resets the counter; above it counts up and proceeds once the counter
     * reaches the hold duration (then resets it). Step 2 (something moving) must skip this call entirely.
     */
    public Hold hold(double imbalance, int counter) {
        if (imbalance <= threshold) {
            return new Hold(false, 0);
        }
        int next = counter + 1;
        return next < holdDuration ? new Hold(false, next) : new Hold(true, 0);
    }

    /** Step 6: commit only if the relative improvement reaches the margin. */
    public boolean accepts(double before, double after) {
        return before > 0 && (before - after) / before >= margin;
    }
}
