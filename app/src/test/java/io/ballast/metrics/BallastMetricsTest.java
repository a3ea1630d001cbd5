package io.ballast.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.core.Decision;
import io.ballast.manager.store.DecisionLog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** Which decisions the dedicated counters count: a node's fence, a resource's recovery once, each migration. */
class BallastMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final BallastMetrics metrics = new BallastMetrics(registry);

    private void decide(String subject, String trigger, String action) {
        Decision d = new Decision(subject, trigger, action, "x");
        metrics.decision(DecisionLog.kind(d), d);
    }

    private double count(String name, String... tags) {
        return registry.get(name).tags(tags).counter().count();
    }

    @Test
    void fencesRecoveriesAndMigrationsAreCountedOnce() {
        decide("node3", "node-status", "online -> fence");
        decide("vm:200", "state-machine", "started -> fence");   // the resource's own state: not a node fence
        decide("vm:200", "state-machine", "fence -> recovery");
        decide("vm:200", "fence-acknowledged", "recover to node1");
        decide("vm:100", "state-machine", "started -> migrate");
        decide("vm:101", "state-machine", "started -> relocate");
        decide("vm:102", "command", "reject migrate vm:102 node2");
        assertThat(count("ballast.fences")).isEqualTo(1);
        assertThat(count("ballast.recoveries")).isEqualTo(1);
        assertThat(count("ballast.migrations", "action", "migrate")).isEqualTo(1);
        assertThat(count("ballast.migrations", "action", "relocate")).isEqualTo(1);
        assertThat(count("ballast.commands.refused", "command", "migrate")).isEqualTo(1);
        assertThat(count("ballast.decisions", "kind", "fence")).isEqualTo(2);
        assertThat(count("ballast.decisions", "kind", "recovery")).isEqualTo(2);
        assertThat(count("ballast.decisions", "kind", "rebalance")).isZero();
    }

    @Test
    void failedAgentActionsAndRoundsAreRecorded() {
        metrics.actionFailed("migrate");
        metrics.actionFailed("migrate");
        assertThat(count("ballast.actions.failed", "step", "migrate")).isEqualTo(2);
        metrics.roundCommitted();   // no round started: no duration
        assertThat(registry.get("ballast.round.duration").timer().count()).isZero();
        metrics.roundStarting();
        metrics.roundCommitted();
        metrics.roundStarting();
        metrics.roundRolledBack();
        metrics.roundCommitted();
        assertThat(registry.get("ballast.round.duration").timer().count()).isEqualTo(1);
        assertThat(count("ballast.rounds.rolled.back")).isEqualTo(1);
    }
}
