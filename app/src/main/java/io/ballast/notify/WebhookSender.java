package io.ballast.notify;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.ballast.lease.LeaderLease;
import tools.jackson.databind.ObjectMapper;

/**
 * Delivers the queued notifications ({@code notification_outbox}) to the webhook, oldest first, on the active
 * manager only. A row is marked delivered once the receiver answered 2xx; a failed attempt is retried with a
 * doubling back-off until {@code max-attempts}, then abandoned (logged at WARN). Delivery is at least once: a
 * crash between the receiver's 2xx and the mark sends that row again, with the same {@code id} to deduplicate on.
 */
@Component
public class WebhookSender {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);
    static final String SIGNATURE_HEADER = "X-Ballast-Signature";
    /** Rows sent per pass; the rest wait for the next pass. */
    private static final int BATCH = 20;

    private final WebhookProperties properties;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ObjectProvider<LeaderLease> lease;
    private final ObjectMapper json;
    private final Clock clock;
    private final HttpClient http;
    private ScheduledExecutorService timer;

    WebhookSender(WebhookProperties properties, JdbcTemplate jdbc, TransactionTemplate tx,
            ObjectProvider<LeaderLease> lease, ObjectMapper json, Clock clock) {
        this.properties = properties;
        this.jdbc = jdbc;
        this.tx = tx;
        this.lease = lease;
        this.json = json;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(properties.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @EventListener(ApplicationReadyEvent.class)
    public synchronized void start() {
        if (!properties.enabled() || timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ballast-webhook");
            t.setDaemon(true);
            return t;
        });
        long ms = properties.pollInterval().toMillis();
        timer.scheduleWithFixedDelay(() -> {
            try {
                sendDue();
            } catch (RuntimeException e) {
                LOG.warn("webhook delivery pass failed: {}", e.toString());
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
        LOG.info("webhook notifications to {} (signed: {})", properties.url(), properties.secret() != null);
    }

    @PreDestroy
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    /** One pass: sends every due row (as the active manager only); returns how many were delivered. */
    public int sendDue() {
        LeaderLease l = lease.getIfAvailable();
        if (!properties.enabled() || (l != null && !l.isLeader())) {
            return 0;
        }
        List<Map<String, Object>> due = jdbc.queryForList("SELECT * FROM notification_outbox WHERE delivered_at IS NULL"
                + " AND abandoned_at IS NULL AND next_attempt_at <= ? ORDER BY id LIMIT ?",
                Timestamp.from(clock.instant()), BATCH);
        int delivered = 0;
        for (Map<String, Object> row : due) {
            if (send(row)) {
                delivered++;
            }
        }
        return delivered;
    }

    private boolean send(Map<String, Object> row) {
        long id = ((Number) row.get("id")).longValue();
        int attempts = ((Number) row.get("attempts")).intValue() + 1;
        String body = json.writeValueAsString(payload(row));
        String error;
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(properties.url()))
                    .timeout(properties.timeout())
                    .header("Content-Type", "application/json")
                    .header("X-Ballast-Delivery", Long.toString(id))
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            if (properties.secret() != null) {
                request.header(SIGNATURE_HEADER, "sha256=" + sign(properties.secret(), body));
            }
            HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 == 2) {
                marked(id, "UPDATE notification_outbox SET delivered_at = now(), attempts = ?, last_error = NULL"
                        + " WHERE id = ? AND delivered_at IS NULL", attempts, id);
                LOG.info("notification {} ({}) delivered after {} attempt(s)", id, row.get("kind"), attempts);
                return true;
            }
            error = "HTTP " + response.statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.io.IOException | IllegalArgumentException e) {
            error = e.toString();
        }
        error = error.length() > 512 ? error.substring(0, 512) : error;
        if (attempts >= properties.maxAttempts()) {
            marked(id, "UPDATE notification_outbox SET abandoned_at = now(), attempts = ?, last_error = ? WHERE id = ?",
                    attempts, error, id);
            LOG.warn("notification {} ({}) abandoned after {} attempts: {}", id, row.get("kind"), attempts, error);
        } else {
            Timestamp next = Timestamp.from(clock.instant().plus(properties.backoffAfter(attempts)));
            marked(id, "UPDATE notification_outbox SET attempts = ?, last_error = ?, next_attempt_at = ? WHERE id = ?",
                    attempts, error, next, id);
            LOG.warn("notification {} ({}) attempt {} failed ({}); next at {}", id, row.get("kind"), attempts, error,
                    next.toInstant());
        }
        return false;
    }

    /** Records an attempt's outcome; only the active manager writes (the lease is checked in the transaction). */
    private void marked(long id, String sql, Object... args) {
        tx.executeWithoutResult(s -> {
            LeaderLease l = lease.getIfAvailable();
            if (l != null) {
                l.guard();
            }
            jdbc.update(sql, args);
        });
    }

    /** The JSON body: what happened, to what, when, and under which manager term. */
    static Map<String, Object> payload(Map<String, Object> row) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", ((Number) row.get("id")).longValue());
        out.put("kind", row.get("kind"));
        out.put("node", row.get("node"));
        out.put("resource", row.get("resource"));
        Object created = row.get("created_at");
        out.put("time", created instanceof Timestamp t ? t.toInstant().toString() : String.valueOf(created));
        out.put("cluster_time", row.get("cluster_time"));
        out.put("message", row.get("message"));
        out.put("term", row.get("term"));
        out.put("round", row.get("round"));
        return out;
    }

    /** Lower-case hex HMAC-SHA256 of the body with the shared secret. */
    public static String sign(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
