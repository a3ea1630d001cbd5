package io.ballast.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.manager.loop.ProxmoxConfigBridge;
import io.ballast.manager.loop.SimulatedCluster;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/** The console's imbalance history: the last rounds only, oldest first, nothing for rounds without a figure. */
class ImbalanceHistoryTest {

    private final StaticListableBeanFactory none = new StaticListableBeanFactory();
    private final BallastMetrics metrics = new BallastMetrics(new SimpleMeterRegistry());
    private final ImbalanceHistory history = new ImbalanceHistory(
            Clock.fixed(Instant.ofEpochMilli(1_000), ZoneOffset.UTC), metrics,
            none.getBeanProvider(SimulatedCluster.class), none.getBeanProvider(ProxmoxConfigBridge.class));

    @Test
    void keepsTheLastRoundsOldestFirst() {
        for (int i = 0; i < ImbalanceHistory.SIZE + 5; i++) {
            history.record(i / 1000.0, 0.3);
        }
        assertThat(history.points()).hasSize(ImbalanceHistory.SIZE);
        assertThat(history.points().get(0).imbalance()).isEqualTo(5 / 1000.0);
        assertThat(history.points().get(ImbalanceHistory.SIZE - 1).imbalance())
                .isEqualTo((ImbalanceHistory.SIZE + 4) / 1000.0);
        assertThat(history.points()).allSatisfy(p -> {
            assertThat(p.at()).isEqualTo(1_000);
            assertThat(p.threshold()).isEqualTo(0.3);
        });
    }

    @Test
    void aRoundWithoutAManagerViewAddsNothing() {
        history.record(Double.NaN, Double.NaN);
        metrics.roundStarting();
        metrics.roundCommitted();   // runs the history's after-round hook: no cluster here, so no figure
        assertThat(history.points()).isEmpty();
        history.record(0.4, 0.3);
        assertThat(history.points()).extracting(ImbalanceHistory.Point::imbalance).containsExactly(0.4);
    }
}
