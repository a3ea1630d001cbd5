package io.ballast.lease;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Leader election among Ballast instances on one database.
 *
 * @param enabled       elect one manager through {@code manager_lease} (default true); false makes this
 *                      instance the manager unconditionally (a single instance)
 * @param renewInterval how often the lease is renewed or, on a standby, tried (default 2 s)
 * @param ttl           how long a lease lasts without renewal (default 10 s): the takeover time after a crash is
 *                      at most ttl + renewInterval
 */
@ConfigurationProperties("ballast.lease")
public record LeaseProperties(Boolean enabled, Duration renewInterval, Duration ttl) {

    public LeaseProperties {
        enabled = enabled == null || enabled;
        renewInterval = renewInterval == null ? Duration.ofSeconds(2) : renewInterval;
        ttl = ttl == null ? Duration.ofSeconds(10) : ttl;
        if (renewInterval.toMillis() <= 0) {
            throw new IllegalArgumentException("ballast.lease.renew-interval must be positive, got " + renewInterval);
        }
        // one missed renewal must not cost the lease: the local step-down comes at ttl minus a fifth
        if (renewInterval.multipliedBy(2).compareTo(ttl) > 0) {
            throw new IllegalArgumentException("ballast.lease.ttl (" + ttl
                    + ") must be at least twice ballast.lease.renew-interval (" + renewInterval + ")");
        }
    }

    public static LeaseProperties defaults() {
        return new LeaseProperties(null, null, null);
    }
}
