package io.ballast.metrics;

import io.ballast.manager.loop.ProxmoxConfigBridge;
import io.ballast.manager.loop.SimulatedCluster;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The imbalance of the last {@value #SIZE} committed rounds, in memory (the console's chart): the same value as the
 * {@code ballast_imbalance} gauge, read after each round. Lost on restart and empty on a standby, which runs no
 * rounds; Prometheus keeps the long history.
 */
@Component
public class ImbalanceHistory {

    static final int SIZE = 180;

    /** One round: when it committed (epoch ms), the imbalance and the threshold then. */
    public record Point(long at, double imbalance, double threshold) {
    }

    private final Clock clock;
    private final ObjectProvider<SimulatedCluster> simulated;
    private final ObjectProvider<ProxmoxConfigBridge> proxmox;
    private final ArrayDeque<Point> points = new ArrayDeque<>(SIZE);

    public ImbalanceHistory(Clock clock, BallastMetrics metrics, ObjectProvider<SimulatedCluster> simulated,
                            ObjectProvider<ProxmoxConfigBridge> proxmox) {
        this.clock = clock;
        this.simulated = simulated;
        this.proxmox = proxmox;
        metrics.afterEveryRound(this::record);
    }

    void record() {
        double[] usage = ClusterGauges.usage(simulated, proxmox);
        record(usage[0], usage[1]);
    }

    void record(double imbalance, double threshold) {
        if (Double.isNaN(imbalance)) {
            return;   // no round input yet, or no online node: nothing to plot
        }
        synchronized (points) {
            if (points.size() == SIZE) {
                points.removeFirst();
            }
            points.addLast(new Point(clock.millis(), imbalance, threshold));
        }
    }

    /** Oldest first. */
    public List<Point> points() {
        synchronized (points) {
            return List.copyOf(points);
        }
    }
}
