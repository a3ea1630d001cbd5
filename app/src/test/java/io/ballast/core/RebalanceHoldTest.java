package io.ballast.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.planner.usage.NodeStats;
import io.ballast.planner.usage.ResourceStats;
import io.ballast.rules.pve.CrsConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rebalancing hold counter (spec §6.3) is part of the manager status, so a new term continues it. */
class RebalanceHoldTest {
    private static final long GIB = 1024L * 1024 * 1024;

    private static Cluster skewed() {
        Cluster c = new Cluster("node1", "node2", "node3");
        for (String n : List.of("node1", "node2", "node3")) {
            c.nodeStats.put(n, new NodeStats(n, 16, 64 * GIB, 0, 0));
        }
        for (int i = 101; i <= 105; i++) {
            c.service("vm:" + i, "node1", "started");
            c.serviceStats.put("vm:" + i, new ResourceStats(4, 8 * GIB, 0, 0));
        }
        c.crs = new CrsConfig("static", false, true, 30, "bruteforce", 3, 10);
        return c;
    }

    private static boolean rebalanced(Cluster c) {
        return c.messages().stream().anyMatch(m -> m.startsWith("auto rebalance - migrate"));
    }

    /** Round number of the first rebalancing move, restarting the manager before round {@code restartAt}. */
    private static int firstMove(int restartAt, boolean keepCounter, List<Integer> holds) {
        Cluster c = skewed();
        for (int round = 1; round <= 20; round++) {
            if (round == restartAt) {
                c.manager = new HaManager();
                if (!keepCounter) {
                    ManagerStatus s = c.status;
                    c.status = new ManagerStatus(s.masterNode(), s.timestamp(), s.nodeStatus(),
                            s.maintenanceRequests(), s.disarm(), s.serviceStatus());
                }
            }
            c.round(20L * round);
            holds.add(c.status.rebalanceHold());
            if (rebalanced(c)) {
                return round;
            }
        }
        return -1;
    }

    @Test
    void counterCountsRoundsAboveTheThresholdAndRestartsAfterAMove() {
        List<Integer> holds = new ArrayList<>();
        int move = firstMove(0, true, holds);

        assertThat(move).isPositive();
        // rounds above the threshold count up to the hold duration; the move round resets the counter
        assertThat(holds.subList(holds.size() - 3, holds.size())).containsExactly(1, 2, 0);
    }

    @Test
    void newManagerTermContinuesThePersistedCount() {
        int uninterrupted = firstMove(0, true, new ArrayList<>());
        int restartedWithCounter = firstMove(uninterrupted, true, new ArrayList<>());
        int restartedWithoutCounter = firstMove(uninterrupted, false, new ArrayList<>());

        assertThat(restartedWithCounter).isEqualTo(uninterrupted);
        assertThat(restartedWithoutCounter).isGreaterThan(uninterrupted);
    }
}
