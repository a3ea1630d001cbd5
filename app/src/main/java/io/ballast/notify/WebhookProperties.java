package io.ballast.notify;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Webhook notifications (docs/operations.md#notifications).
 *
 * @param url          where to POST; unset (the default) turns notifications off and nothing is queued
 * @param secret       when set, each request carries {@code X-Ballast-Signature: sha256=<hex HMAC-SHA256 of the body>}
 * @param timeout      connect and response timeout per attempt (default 5 s)
 * @param maxAttempts  attempts before a notification is abandoned (default 8)
 * @param backoff      wait after the first failed attempt, doubled after each further one (default 2 s)
 * @param maxBackoff   longest wait between attempts (default 5 min)
 * @param pollInterval how often the active manager looks for notifications to send (default 1 s)
 */
@ConfigurationProperties("ballast.notify.webhook")
public record WebhookProperties(String url, String secret, Duration timeout, Integer maxAttempts, Duration backoff,
        Duration maxBackoff, Duration pollInterval) {

    public WebhookProperties {
        url = url == null || url.isBlank() ? null : url.trim();
        secret = secret == null || secret.isEmpty() ? null : secret;
        timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
        maxAttempts = maxAttempts == null ? 8 : maxAttempts;
        backoff = backoff == null ? Duration.ofSeconds(2) : backoff;
        maxBackoff = maxBackoff == null ? Duration.ofMinutes(5) : maxBackoff;
        pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
        if (url != null && !url.matches("(?i)https?://.+")) {
            throw new IllegalArgumentException("ballast.notify.webhook.url must be an http(s) URL, got " + url);
        }
        if (maxAttempts < 1 || timeout.isNegative() || timeout.isZero() || backoff.isNegative()
                || pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("ballast.notify.webhook: max-attempts must be >= 1 and timeout,"
                    + " poll-interval positive");
        }
    }

    public boolean enabled() {
        return url != null;
    }

    /** Wait before attempt {@code attempts + 1} after {@code attempts} failures. */
    public Duration backoffAfter(int attempts) {
        long ms = backoff.toMillis() << Math.min(Math.max(attempts - 1, 0), 20);
        return Duration.ofMillis(Math.min(ms, maxBackoff.toMillis()));
    }
}
