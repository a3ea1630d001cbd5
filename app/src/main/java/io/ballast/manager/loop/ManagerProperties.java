package io.ballast.manager.loop;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * HA manager loop settings.
 *
 * @param roundPeriod        wall-clock time per manager round (default 10 s, like Proxmox's CRM); a
 *                           simulated round stands for 20 s of cluster time, so shorter periods speed it up
 * @param realisticDurations guest actions on the simulated cluster take time (starts/stops 10 s, moves
 *                           40 s of cluster time) and {@code max_workers} limits them per node; default true
 */
@ConfigurationProperties("ballast.manager")
public record ManagerProperties(Duration roundPeriod, Boolean realisticDurations) {

    public ManagerProperties {
        roundPeriod = roundPeriod == null ? Duration.ofSeconds(10) : roundPeriod;
        realisticDurations = realisticDurations == null || realisticDurations;
        if (roundPeriod.isZero() || roundPeriod.isNegative()) {
            throw new IllegalArgumentException("ballast.manager.round-period must be positive, got " + roundPeriod);
        }
    }
}
