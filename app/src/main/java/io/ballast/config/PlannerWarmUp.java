package io.ballast.config;

import io.ballast.core.PlanWarmUp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Warms the Timefold planner in a background thread at start ({@code ballast.planner.warm-up}, default on), so
 * the first failover or rebalancing plan is as fast as later ones.
 */
@Component
class PlannerWarmUp implements ApplicationRunner {
    private static final Logger LOG = LoggerFactory.getLogger(PlannerWarmUp.class);

    private final boolean enabled;

    PlannerWarmUp(@Value("${ballast.planner.warm-up:true}") boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!enabled) {
            return;
        }
        Thread thread = new Thread(() -> {
            try {
                long start = System.nanoTime();
                PlanWarmUp.run();
                LOG.info("planner warmed up in {} ms", (System.nanoTime() - start) / 1_000_000);
            } catch (RuntimeException e) {
                LOG.warn("planner warm-up failed (the first plan will be slower): {}", e.toString());
            }
        }, "planner-warm-up");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }
}
