package io.ballast.manager.loop;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Bounds of {@code POST /api/v1/what-if} (docs/security.md#bounded-work). {@code max-concurrent} is read by the
 * request filter ({@code web/WebLimits}); the others here.
 *
 * @param timeout         wall-clock time a what-if may take; past it the simulation stops between two rounds
 *                        and the request answers 503 {@code /problems/timeout} (default 30 s)
 * @param maxHeapFraction share of the JVM's maximum heap that what-ifs may hold together, by their estimated
 *                        working set (default 0.5)
 * @param retryAfter      the Retry-After of a busy or timed-out answer (default 5 s)
 */
@ConfigurationProperties("ballast.what-if")
public record WhatIfProperties(Duration timeout, Double maxHeapFraction, Duration retryAfter) {

    public WhatIfProperties {
        timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
        maxHeapFraction = maxHeapFraction == null ? 0.5 : maxHeapFraction;
        retryAfter = retryAfter == null ? Duration.ofSeconds(5) : retryAfter;
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("ballast.what-if.timeout must be positive, got " + timeout);
        }
        if (!(maxHeapFraction > 0 && maxHeapFraction <= 1)) {
            throw new IllegalArgumentException("ballast.what-if.max-heap-fraction must be in (0, 1], got " + maxHeapFraction);
        }
    }

    long retryAfterSeconds() {
        return Math.max(1, retryAfter.toSeconds());
    }
}
