package io.ballast.manager.store;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.ballast.core.Decision;
import io.ballast.core.ManagerStatus;
import io.ballast.core.ServiceState;
import io.ballast.core.ServiceStatus;
import io.ballast.lease.LeaderLease;
import io.ballast.notify.WebhookProperties;

/**
 * Queues the notifications a round's decisions call for (fence, failed recovery, error) in the round's own
 * transaction: a notification exists exactly when its decision committed, and a crash loses none. The active
 * manager's {@code io.ballast.notify.WebhookSender} delivers them. Nothing is queued while no webhook is configured.
 */
@Component
public class NotificationOutbox {

    /** One notification: {@code kind} is fence, recovery-failed or error. */
    public record Notification(String kind, String node, String resource, String message) {
    }

    private final JdbcTemplate jdbc;
    private final WebhookProperties webhook;
    private final ObjectProvider<LeaderLease> lease;

    NotificationOutbox(JdbcTemplate jdbc, WebhookProperties webhook, ObjectProvider<LeaderLease> lease) {
        this.jdbc = jdbc;
        this.webhook = webhook;
        this.lease = lease;
    }

    /**
     * What an operator is told of {@code d}, or null: a node entering {@code fence}; a resource left in
     * {@code recovery} by the round that moved it there (no node may run it); a resource entering {@code error}.
     */
    public static Notification of(Decision d, ManagerStatus after) {
        String kind = DecisionLog.kind(d);
        boolean resource = d.subject() != null && d.subject().contains(":");
        if (kind.equals("fence") && !resource) {
            return new Notification("fence", d.subject(), null, "node " + d.subject() + " is being fenced ("
                    + d.action() + "): " + d.explanation());
        }
        if (kind.equals("recovery") && resource && d.action().endsWith("-> recovery")) {
            ServiceStatus st = after.serviceStatus().get(d.subject());
            if (st != null && st.state() == ServiceState.RECOVERY) {
                return new Notification("recovery-failed", st.node(), d.subject(), "no node may run " + d.subject()
                        + " after node " + st.node() + " was fenced; it stays down until one may");
            }
        }
        if (kind.equals("error") && resource) {
            ServiceStatus st = after.serviceStatus().get(d.subject());
            String node = st == null ? (d.to() == null ? null : d.to().node()) : st.node();
            return new Notification("error", node, d.subject(), d.subject() + " entered error on " + node + ": "
                    + d.explanation());
        }
        return null;
    }

    /** Queues the notification {@code d} calls for, if any (the caller's transaction is the round's). */
    void decided(long round, long clusterTime, Decision d, ManagerStatus after) {
        if (!webhook.enabled()) {
            return;
        }
        Notification n = of(d, after);
        if (n == null) {
            return;
        }
        LeaderLease l = lease.getIfAvailable();
        jdbc.update("INSERT INTO notification_outbox (kind, node, resource, message, term, round, cluster_time)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)", n.kind(), n.node(), n.resource(), truncate(n.message()),
                l == null ? 0 : l.term(), round, clusterTime);
    }

    private static String truncate(String s) {
        return s.length() > 1024 ? s.substring(0, 1024) : s;
    }

    /** Pending notifications (tests, operations). */
    public long pending() {
        Long n = jdbc.queryForObject("SELECT count(*) FROM notification_outbox WHERE delivered_at IS NULL"
                + " AND abandoned_at IS NULL", Long.class);
        return n == null ? 0 : n;
    }

}
