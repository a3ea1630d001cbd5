package io.ballast.planner.usage;

import java.util.List;

/** The 4-criteria TOPSIS of spec §3.8 over hypothetical cluster states; every criterion is minimised. */
public final class Topsis {
    /** Average CPU, highest CPU, average memory, highest memory: 1, 2, 5, 10 normalised to sum 1. */
    private static final double[] WEIGHTS = {1 / 18.0, 2 / 18.0, 5 / 18.0, 10 / 18.0};

    private Topsis() {
    }

    /** The criteria vector of one cluster state. */
    public static double[] alternative(List<NodeUsage> cluster) {
        double cpuSquares = 0;
        double memSquares = 0;
        double cpuMax = 0;
        double memMax = 0;
        for (NodeUsage node : cluster) {
            double c = node.cpuLoad();
            double m = node.memLoad();
            cpuSquares += c * c;
            memSquares += m * m;
            cpuMax = Math.max(cpuMax, c);
            memMax = Math.max(memMax, m);
        }
        int n = Math.max(1, cluster.size());
        return new double[] {1 + Math.sqrt(cpuSquares / n), 1 + cpuMax, 1 + Math.sqrt(memSquares / n), 1 + memMax};
    }

    /** Closeness of each alternative (same order as the input); higher is better. */
    public static double[] closeness(List<double[]> alternatives) {
        int m = alternatives.size();
        double[] result = new double[m];
        if (m == 0) {
            return result;
        }
        double[][] x = new double[m][4];
        for (int j = 0; j < 4; j++) {
            double norm = 0;
            for (double[] row : alternatives) {
                norm += row[j] * row[j];
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < m; i++) {
                x[i][j] = norm == 0 ? 0 : alternatives.get(i)[j] / norm;
            }
        }
        double[] best = new double[4];
        double[] worst = new double[4];
        for (int j = 0; j < 4; j++) {
            best[j] = Double.POSITIVE_INFINITY;
            worst[j] = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < m; i++) {
                best[j] = Math.min(best[j], x[i][j]);
                worst[j] = Math.max(worst[j], x[i][j]);
            }
        }
        for (int i = 0; i < m; i++) {
            double dBest = 0;
            double dWorst = 0;
            for (int j = 0; j < 4; j++) {
                double b = WEIGHTS[j] * (x[i][j] - best[j]);
                double w = WEIGHTS[j] * (x[i][j] - worst[j]);
                dBest += b * b;
                dWorst += w * w;
            }
            dBest = Math.sqrt(dBest);
            dWorst = Math.sqrt(dWorst);
            result[i] = dBest + dWorst == 0 ? 0 : dWorst / (dBest + dWorst);
        }
        return result;
    }

    /** Index of the best alternative: highest closeness, ties keep input order (stable). */
    public static int best(double[] closeness) {
        int best = 0;
        for (int i = 1; i < closeness.length; i++) {
            if (closeness[i] > closeness[best]) {
                best = i;
            }
        }
        return best;
    }
}
