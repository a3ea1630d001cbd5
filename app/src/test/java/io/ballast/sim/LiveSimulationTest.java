package io.ballast.sim;

import static io.ballast.sim.SimTestSupport.caseDir;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.ballast.sim.SimTestSupport.KeepStatusManager;

class LiveSimulationTest {

    @Test
    void submittedCommandsRunAtTheNextRoundBoundary() {
        try (LiveSimulation live = LiveSimulation.create(CaseLoader.load(caseDir("watchdog-fire")),
                new KeepStatusManager())) {
            live.step(); // empty first round, like a scripted case
            live.submit("power node1 on");
            live.submit("power node2 on");
            live.submit("power node3 on");
            live.step();

            var s = live.snapshot();
            assertThat(s.time()).isEqualTo(40);
            assertThat(s.nodes().get("node1").crmState()).isEqualTo("master");
            assertThat(s.nodes().get("node3").lrmState()).isEqualTo("active");
            assertThat(live.logSince(0)).contains("info     20          api: execute power node3 on",
                    "info     25    node3/lrm: starting service vm:201");
            LiveSimulation.UsageView usage = live.usage();
            assertThat(usage.mode()).isEqualTo("basic");
            assertThat(usage.nodeLoads().get("node3")).isGreaterThan(usage.nodeLoads().get("node1"));
        }
    }

    @Test
    void isolatedNodeIsFencedByItsWatchdogInLiveModeToo() {
        try (LiveSimulation live = LiveSimulation.create(CaseLoader.load(caseDir("watchdog-fire")),
                new KeepStatusManager())) {
            live.step();
            live.submit("power node1 on");
            live.submit("power node2 on");
            live.submit("power node3 on");
            for (int i = 0; i < 5; i++) {
                live.step();
            }
            live.submit("network node3 off");
            for (int i = 0; i < 3; i++) {
                live.step();
            }

            var node3 = live.snapshot().nodes().get("node3");
            assertThat(node3.power()).isFalse();
            assertThat(node3.crmState()).isNull();
            assertThat(live.logSince(0)).anyMatch(l -> l.endsWith("watchdog: execute power node3 off"));
        }
    }

    @Test
    void statsCommandsChangeOnlyTheGivenFieldsAndTheManagerSeesThem() {
        KeepStatusManager manager = new KeepStatusManager();
        try (LiveSimulation live = LiveSimulation.create(CaseLoader.load(caseDir("watchdog-fire")), manager)) {
            live.step();
            live.submit("power node1 on");
            live.submit("power node2 on");
            live.submit("power node3 on");
            live.step();
            live.submit("service vm:201 set-static-stats maxcpu 8");
            live.submit("service vm:201 set-dynamic-stats mem 512");
            live.step();

            var stats = manager.at(40).serviceStats().get("vm:201");
            // no stats files in the case: the defaults (4 cores / 4 GiB, 2 cores / 2 GiB used) stay where not set
            assertThat(stats.maxCpu()).isEqualTo(8.0);
            assertThat(stats.maxMem()).isEqualTo(4L << 30);
            assertThat(stats.cpu()).isEqualTo(2.0);
            assertThat(stats.mem()).isEqualTo(512L << 20);
        }
    }

    @Test
    void rejectsMalformedCommandsAndUnknownNodes() {
        try (LiveSimulation live = LiveSimulation.create(CaseLoader.load(caseDir("time-delay")))) {
            assertThatThrownBy(() -> live.submit("power node9 on")).hasMessageContaining("no such node 'node9'");
            assertThatThrownBy(() -> live.submit("power node1")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> live.submit("delay 10")).hasMessageContaining("script");
        }
    }

    @Test
    void clockAdvancesRoundsOnItsOwn() throws InterruptedException {
        try (LiveSimulation live = LiveSimulation.create(CaseLoader.load(caseDir("time-delay")))) {
            live.start(Duration.ofMillis(5));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (live.snapshot().time() < 100 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(live.snapshot().time()).isGreaterThanOrEqualTo(100);
            assertThatThrownBy(() -> live.start(Duration.ofMillis(5))).hasMessageContaining("already running");
        }
    }
}
