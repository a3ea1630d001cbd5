package io.ballast.lease;

import java.net.InetAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.sql.DataSource;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * One active manager among the Ballast instances sharing a database: a lease in the single row of
 * {@code manager_lease}. Expiry is computed by the database clock only; each instance keeps its own monotonic
 * deadline (time the renewal was sent + ttl - margin) and steps down when it passes it without a renewal, which
 * is before the database lets anyone else take over. Writes that only the manager may make call {@link #guard()}
 * inside their transaction: it locks the row and checks this instance still holds the lease for its term, so a
 * deposed manager's late write rolls back and a takeover waits until an in-flight guarded write has committed.
 * <p>
 * Two threads: the lease thread keeps the timing, the state and calls the listeners; the database calls run on a
 * second thread so that a hanging connection cannot delay a step-down.
 */
@Component
public class LeaderLease implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(LeaderLease.class);

    private static final String ROW = "SELECT holder, term, acquired_at, expires_at,"
            + " coalesce(expires_at > clock_timestamp(), false) AS live FROM manager_lease WHERE id = 1";
    // renews my unexpired term, or takes a free or expired lease with the next term (an expired lease of mine
    // too: I stepped down by then). now() is the statement's start, one instant for the whole statement.
    private static final String KEEP = "(holder = ? AND term = ? AND expires_at > now())";
    private static final String ACQUIRE = "UPDATE manager_lease SET"
            + " term = CASE WHEN " + KEEP + " THEN term ELSE term + 1 END,"
            + " acquired_at = CASE WHEN " + KEEP + " THEN acquired_at ELSE now() END,"
            + " holder = ?, renewed_at = now(), expires_at = now() + ? * interval '1 millisecond'"
            + " WHERE id = 1 AND (" + KEEP + " OR holder IS NULL OR expires_at IS NULL OR expires_at <= now())"
            + " RETURNING holder, term, acquired_at, expires_at, true AS live";
    private static final String RELEASE = "UPDATE manager_lease SET holder = NULL, expires_at = clock_timestamp()"
            + " WHERE id = 1 AND holder = ? AND term = ?";

    /** The lease row as last read. */
    record Row(String holder, long term, Instant acquiredAt, Instant expiresAt, boolean live) {
    }

    /** What one acquire/renew call found: whether its update took the row, and the row afterwards. */
    private record Attempt(boolean updated, Row row) {
    }

    /** The lease this instance holds: its term, since when, and the monotonic time by which it must step down. */
    private record Held(long term, Instant since, long deadlineNanos) {
    }

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final boolean enabled;
    private final Duration renewInterval;
    private final Duration ttl;
    private final long marginNanos;
    private final String instanceId;
    private final ScheduledExecutorService leaseThread;
    private final ExecutorService dbThread;
    private final CountDownLatch firstAttempt = new CountDownLatch(1);
    private final Instant createdAt = Instant.now();

    // lease thread only
    private final List<LeadershipListener> listeners = new ArrayList<>();
    private Future<Attempt> inFlight;
    private long inFlightTerm;
    private long inFlightSentNanos;
    private boolean failing;
    private boolean announcedWithoutElection;

    private volatile Held held;
    private volatile long lastHeldTerm;
    private volatile Row lastSeen;
    private volatile boolean running;
    private ScheduledFuture<?> ticking;

    public LeaderLease(DataSource dataSource, LeaseProperties properties,
                       @Value("${ballast.instance.id:}") String instanceId) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.enabled = properties.enabled();
        this.renewInterval = properties.renewInterval();
        this.ttl = properties.ttl();
        this.marginNanos = ttl.toNanos() / 5;
        this.instanceId = instanceId == null || instanceId.isBlank() ? defaultInstanceId() : instanceId.strip();
        this.leaseThread = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "ballast-lease"));
        this.dbThread = Executors.newSingleThreadExecutor(r -> daemon(r, "ballast-lease-db"));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** hostname-pid-random: unique per process, and readable in the status page and the logs. */
    static String defaultInstanceId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = System.getenv().getOrDefault("HOSTNAME", "ballast");
        }
        byte[] random = new byte[3];
        ThreadLocalRandom.current().nextBytes(random);
        return host + "-" + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(random);
    }

    // ---- the public API ----

    /** This instance holds an unexpired lease (as of its last renewal, by its own monotonic clock). */
    public boolean isLeader() {
        if (!enabled) {
            return true;
        }
        Held h = held;
        return h != null && System.nanoTime() - h.deadlineNanos() < 0;
    }

    /** The term this instance holds, 0 when it is not the leader (always 0 with the lease disabled). */
    public long term() {
        Held h = held;
        return enabled && h != null && System.nanoTime() - h.deadlineNanos() < 0 ? h.term() : 0;
    }

    /** {@code ballast.instance.id}, by default hostname-pid-random. */
    public String instanceId() {
        return instanceId;
    }

    /**
     * Call inside a transaction before a write only the manager may make: locks the lease row (until the
     * transaction ends) and throws {@link NotLeaderException} unless this instance holds the lease for its term
     * and the lease has not expired by the database clock. The exception rolls the caller's transaction back.
     */
    public void guard() {
        if (!enabled) {
            return;
        }
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("LeaderLease.guard() must run inside a transaction");
        }
        long mine = term();
        Row row = jdbc.queryForObject(ROW + " FOR UPDATE", (rs, i) -> row(rs));
        if (row == null || mine == 0 || !instanceId.equals(row.holder()) || row.term() != mine || !row.live()) {
            String leader = row != null && row.live() ? row.holder() : null;
            long term = row == null ? 0 : row.term();
            throw new NotLeaderException("instance " + instanceId + " is not the active manager (lease "
                    + (leader == null ? "free" : "held by " + leader) + ", term " + term
                    + (mine == 0 ? "" : "; this instance had term " + mine) + ")", leader, term);
        }
    }

    /**
     * Registers a listener. If this instance leads already, the listener is told at once (on the lease thread),
     * so registering late misses nothing.
     */
    public void onChange(LeadershipListener listener) {
        try {
            leaseThread.execute(() -> {
                listeners.add(listener);
                Held h = held;
                if (announcedWithoutElection) {
                    call(listener, true, 0);
                } else if (h != null) {
                    call(listener, true, h.term());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // stopped: there is no leadership left to report
        }
    }

    /** The lease as the database holds it now (the last row seen when the database does not answer). */
    public LeaseView view() {
        if (!enabled) {
            return new LeaseView(instanceId, 0, createdAt, null, instanceId, true);
        }
        Row row;
        try {
            row = jdbc.queryForObject(ROW, (rs, i) -> row(rs));
        } catch (DataAccessException e) {
            row = lastSeen;
        }
        if (row == null) {
            return new LeaseView(null, 0, null, null, instanceId, isLeader());
        }
        return new LeaseView(row.live() ? row.holder() : null, row.term(), row.acquiredAt(), row.expiresAt(),
                instanceId, isLeader());
    }

    // ---- lifecycle ----

    @Override
    public void start() {
        if (running) {
            return;
        }
        running = true;
        if (!enabled) {
            LOG.info("leader election off (ballast.lease.enabled=false): instance {} acts as the manager", instanceId);
            leaseThread.execute(() -> {
                announcedWithoutElection = true;
                listeners.forEach(l -> call(l, true, 0));
            });
            return;
        }
        LOG.info("instance {} joins the manager election (ttl {}, renewal every {})", instanceId, ttl, renewInterval);
        ticking = leaseThread.scheduleWithFixedDelay(this::tick, 0, renewInterval.toMillis(), TimeUnit.MILLISECONDS);
        // a lone instance leads before the application reports ready; a standby does not wait longer than this
        try {
            firstAttempt.await(ttl.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Steps down (listeners first, so the manager stops acting), then frees the lease for a standby at once. */
    @Override
    public void stop() {
        if (!running) {
            return;
        }
        running = false;
        if (ticking != null) {
            ticking.cancel(false);
        }
        Future<?> down = leaseThread.submit(() -> {
            Held h = held;
            if (h != null) {
                stepDown(h, "shutting down");
            } else if (announcedWithoutElection) {
                announcedWithoutElection = false;
                listeners.forEach(l -> call(l, false, 0));
            }
        });
        try {
            down.get(ttl.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("stepping down took too long: {}", e.toString());
        }
        long term = lastHeldTerm;
        if (enabled && term > 0) {
            try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(RELEASE)) {
                c.setAutoCommit(true);
                s.setQueryTimeout(queryTimeoutSeconds());
                s.setString(1, instanceId);
                s.setLong(2, term);
                if (s.executeUpdate() == 1) {
                    LOG.info("instance {} released the manager lease (term {})", instanceId, term);
                }
            } catch (SQLException | RuntimeException e) {
                LOG.warn("could not release the manager lease (it expires by itself within {}): {}", ttl, e.toString());
            }
        }
        // the threads stay for a later start() (a paused test context is started again); close() ends them
    }

    @PreDestroy
    public void close() {
        stop();
        leaseThread.shutdownNow();
        dbThread.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts after the web server and stops before it, so a standby can take over while this one drains. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 100;
    }

    /** What a crash does: the threads stop, nothing is released and nobody is told (tests). */
    void abandon() {
        running = false;
        leaseThread.shutdownNow();
        dbThread.shutdownNow();
        try {
            // a dead process sends nothing more: let a call in flight finish before the test goes on
            dbThread.awaitTermination(ttl.toMillis() * 2, TimeUnit.MILLISECONDS);
            leaseThread.awaitTermination(ttl.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- the lease thread ----

    private void tick() {
        try {
            Held h = held;
            if (h != null && System.nanoTime() - h.deadlineNanos() >= 0) {
                stepDown(h, "no renewal within " + ttl.minusNanos(marginNanos) + " (database unreachable or slow)");
                h = null;
            }
            if (inFlight == null) {
                long term = h == null ? 0 : h.term();
                inFlightTerm = term;
                inFlightSentNanos = System.nanoTime();
                inFlight = dbThread.submit(() -> attempt(term));
            }
            // a leader waits no longer than its deadline, so it steps down on time even if the call hangs
            long waitNanos = h == null ? renewInterval.toNanos()
                    : Math.min(renewInterval.toNanos(), Math.max(0, h.deadlineNanos() - System.nanoTime()));
            Attempt result;
            try {
                result = inFlight.get(waitNanos, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                Held now = held;
                if (now != null && System.nanoTime() - now.deadlineNanos() >= 0) {
                    stepDown(now, "renewal did not answer within " + ttl.minusNanos(marginNanos));
                }
                firstAttempt.countDown();
                return;
            } catch (ExecutionException e) {
                inFlight = null;
                failed(e.getCause());
                return;
            }
            inFlight = null;
            settle(result);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("lease thread: {}", e.toString(), e);
        }
    }

    private void settle(Attempt result) {
        try {
            settle(result.updated(), result.row());
        } finally {
            firstAttempt.countDown();
        }
    }

    private void settle(boolean updated, Row row) {
        if (failing) {
            LOG.info("manager lease: database answers again");
            failing = false;
        }
        lastSeen = row;
        Held h = held;
        // mine only when this call's update took the row: a row naming this instance with a term it gave up (or a
        // previous process with the same id holds) is waited out like anyone else's
        boolean mine = updated && instanceId.equals(row.holder());
        long deadline = inFlightSentNanos + ttl.toNanos() - marginNanos;
        if (h != null && !(mine && row.term() == h.term())) {
            stepDown(h, mine ? "lease ran out in the database before its renewal (now term " + row.term() + ")"
                    : row.live() ? "lease taken by " + row.holder() + " (term " + row.term() + ")" : "lease lost");
            h = null;
        }
        if (h != null) {
            held = new Held(h.term(), h.since(), deadline);
        } else if (mine && row.term() != inFlightTerm && System.nanoTime() - deadline < 0) {
            // a new term (not the renewal of one given up meanwhile, which is let expire)
            Held won = new Held(row.term(), row.acquiredAt(), deadline);
            held = won;
            lastHeldTerm = won.term();
            LOG.info("instance {} is the active manager (term {})", instanceId, won.term());
            listeners.forEach(l -> call(l, true, won.term()));
        }
        // else: a renewal sent before a local step-down came back late; that term stays given up, and this
        // instance tries again (with the next term) once the lease expires
    }

    private void failed(Throwable e) {
        if (!failing) {
            LOG.warn("manager lease: database call failed{}: {}", held != null ? " (still the manager until the lease"
                    + " runs out locally)" : "", e.toString());
            failing = true;
        }
        Held h = held;
        if (h != null && System.nanoTime() - h.deadlineNanos() >= 0) {
            stepDown(h, "no renewal within " + ttl.minusNanos(marginNanos) + ": " + e);
        }
        firstAttempt.countDown();
    }

    private void stepDown(Held h, String why) {
        if (held != h) {
            return;
        }
        held = null;
        if (running) {
            LOG.warn("instance {} stops acting as manager (term {}): {}", instanceId, h.term(), why);
        } else {
            LOG.info("instance {} stops acting as manager (term {}): {}", instanceId, h.term(), why);
        }
        listeners.forEach(l -> call(l, false, h.term()));
    }

    private void call(LeadershipListener l, boolean elected, long term) {
        try {
            if (elected) {
                l.elected(term);
            } else {
                l.deposed(term);
            }
        } catch (RuntimeException e) {
            LOG.warn("leadership listener {} failed: {}", l, e.toString(), e);
        }
    }

    // ---- the database thread ----

    /** Renews {@code myTerm} (0: tries to acquire); answers the row as it is afterwards. */
    private Attempt attempt(long myTerm) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            try (PreparedStatement s = c.prepareStatement(ACQUIRE)) {
                s.setQueryTimeout(queryTimeoutSeconds());
                s.setString(1, instanceId);
                s.setLong(2, myTerm);
                s.setString(3, instanceId);
                s.setLong(4, myTerm);
                s.setString(5, instanceId);
                s.setLong(6, ttl.toMillis());
                s.setString(7, instanceId);
                s.setLong(8, myTerm);
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        return new Attempt(true, row(rs));
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement(ROW)) {
                s.setQueryTimeout(queryTimeoutSeconds());
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        throw new SQLException("manager_lease has no row 1 (migration V2 not applied?)");
                    }
                    return new Attempt(false, row(rs));
                }
            }
        }
    }

    private int queryTimeoutSeconds() {
        return (int) Math.max(1, (ttl.toMillis() + 999) / 1000);
    }

    private static Row row(ResultSet rs) throws SQLException {
        Timestamp acquired = rs.getTimestamp("acquired_at");
        Timestamp expires = rs.getTimestamp("expires_at");
        return new Row(rs.getString("holder"), rs.getLong("term"), acquired == null ? null : acquired.toInstant(),
                expires == null ? null : expires.toInstant(), rs.getBoolean("live"));
    }
}
