package io.ballast.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.planner.usage.NodeStats;
import io.ballast.planner.usage.ResourceStats;
import io.ballast.rules.RuleCheckers;
import io.ballast.rules.pve.CrsConfig;
import org.junit.jupiter.api.Test;

/** H6 in live rounds (spec §10.4 [EXT]): with a memory limit, a recovery never fills a node past it. */
class MemoryLimitTest {
    private static final long GIB = 1024L * 1024 * 1024;

    /** node1 holds 12 GiB, node2 10 GiB of 16; node3 fails with an 8 GiB guest. */
    private static Cluster cluster(Integer limitPercent) {
        Cluster c = new Cluster("node1", "node2", "node3").service("vm:101", "node1", "started")
                .service("vm:102", "node3", "started").service("vm:103", "node2", "started");
        for (String n : new String[] {"node1", "node2", "node3"}) {
            c.nodeStats.put(n, new NodeStats(n, 8, 16 * GIB, 0, 0));
        }
        c.serviceStats.put("vm:101", new ResourceStats(2, 12 * GIB, 0, 0));
        c.serviceStats.put("vm:102", new ResourceStats(2, 8 * GIB, 0, 0));
        c.serviceStats.put("vm:103", new ResourceStats(2, 10 * GIB, 0, 0));
        c.crs = new CrsConfig("static", false, false, 30, "bruteforce", 3, 10);
        c.manager = new HaManager(RuleCheckers::defaultChecker, PlacementTags.NONE, limitPercent);
        return c;
    }

    private static void failNode3(Cluster c) {
        c.round(20);
        c.round(40);
        c.online.remove("node3");
        c.freeLocks.add("node3");
        for (int t = 60; t <= 400; t += 20) {
            c.round(t);
        }
    }

    @Test
    void withoutRoomTheGuestWaitsInRecovery() {
        Cluster c = cluster(100);
        failNode3(c);
        assertThat(c.service("vm:102").state()).isEqualTo(ServiceState.RECOVERY);
        assertThat(c.messages()).anyMatch(m -> m.contains("no recovery node found"));
    }

    @Test
    void withOvercommitAllowedItIsRecovered() {
        Cluster c = cluster(150);
        failNode3(c);
        assertThat(c.service("vm:102").state()).isEqualTo(ServiceState.STARTED);
        // 10 + 8 GiB on node2 fits 24 GiB (150 %), so does 12 + 8 on node1: the lower usage wins
        assertThat(c.service("vm:102").node()).isEqualTo("node2");
    }

    @Test
    void offByDefault() {
        Cluster c = cluster(null);
        failNode3(c);
        assertThat(c.service("vm:102").state()).isEqualTo(ServiceState.STARTED);
    }
}
