package io.ballast.planner.usage;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;

/** Cluster imbalance of spec §3.7: coefficient of variation of node loads, normalised by sqrt(N−1). */
public final class Imbalance {
    private static final MathContext FIFTEEN_DIGITS = new MathContext(15, RoundingMode.DOWN);

    private Imbalance() {
    }

    public static double of(List<NodeUsage> nodes) {
        double cv = coefficientOfVariation(nodes);
        return nodes.size() < 2 ? 0 : cv / Math.sqrt(nodes.size() - 1);
    }

    /**
     * Raw CV (resource-scheduling 2.0, what the Proxmox 5.2 regression logs print, e.g. 1.41 for
     * three nodes with all load on one).
     */
    public static double coefficientOfVariation(List<NodeUsage> nodes) {
        int n = nodes.size();
        if (n < 2) {
            return 0;
        }
        double sum = 0;
        for (NodeUsage node : nodes) {
            sum += node.load();
        }
        if (sum == 0) {
            return 0;
        }
        double mean = sum / n;
        double squares = 0;
        for (NodeUsage node : nodes) {
            double d = node.load() - mean;
            squares += d * d;
        }
        return Math.sqrt(squares / n) / mean;
    }

    /** Spec §3.7: imbalances are compared truncated to 15 significant digits, so float noise cannot decide. */
    public static double truncate(double value) {
        if (value == 0 || !Double.isFinite(value)) {
            return value;
        }
        return new BigDecimal(value).round(FIFTEEN_DIGITS).doubleValue();
    }
}
