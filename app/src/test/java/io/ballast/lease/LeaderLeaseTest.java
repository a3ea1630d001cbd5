package io.ballast.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ballast.testdb.TestDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Leader election on a real PostgreSQL (the external test server in a fresh schema, or an embedded one), with
 * several {@link LeaderLease}s in one JVM standing for several Ballast instances: short leases (1 s ttl, renewal
 * every 200 ms) so takeovers happen in test time.
 */
class LeaderLeaseTest {

    private static final Duration TTL = Duration.ofSeconds(1);
    private static final Duration RENEW = Duration.ofMillis(200);

    private static EmbeddedPostgres embedded;
    private static String schema;
    private static DataSource db;
    private static JdbcTemplate jdbc;

    private final List<LeaderLease> leases = new ArrayList<>();

    /** One lease's leadership events, as its listener saw them. */
    record Event(boolean elected, long term, Instant at) {
    }

    @BeforeAll
    static void database() throws IOException {
        if (TestDatabase.mode() == TestDatabase.Mode.EXTERNAL) {
            schema = TestDatabase.createSchema();
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setUrl(TestDatabase.urlFor(schema));
            ds.setUser(TestDatabase.user());
            db = ds;
        } else {
            embedded = EmbeddedPostgres.builder().start();
            db = embedded.getPostgresDatabase();
        }
        Flyway.configure().dataSource(db).schemas(schema == null ? "public" : schema)
                .locations("classpath:db/migration").load().migrate();
        jdbc = new JdbcTemplate(db);
    }

    @AfterAll
    static void dropDatabase() throws IOException {
        if (schema != null) {
            TestDatabase.dropSchema(schema);
        }
        if (embedded != null) {
            embedded.close();
        }
    }

    @BeforeEach
    void freeLease() {
        jdbc.update("UPDATE manager_lease SET holder = NULL, acquired_at = NULL, renewed_at = NULL, expires_at = NULL");
        jdbc.update("DELETE FROM node");
    }

    @AfterEach
    void stopLeases() {
        leases.forEach(LeaderLease::abandon);
    }

    private LeaderLease lease(String id, DataSource ds, Duration ttl, BlockingQueue<Event> events) {
        LeaderLease l = new LeaderLease(ds, new LeaseProperties(true, RENEW, ttl), id);
        leases.add(l);
        if (events != null) {
            l.onChange(new LeadershipListener() {
                @Override
                public void elected(long term) {
                    events.add(new Event(true, term, Instant.now()));
                }

                @Override
                public void deposed(long term) {
                    events.add(new Event(false, term, Instant.now()));
                }
            });
        }
        return l;
    }

    private LeaderLease started(String id) {
        LeaderLease l = lease(id, db, TTL, null);
        l.start();
        return l;
    }

    private static long await(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        long start = System.nanoTime();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - start > limit.toNanos()) {
                throw new AssertionError("timed out after " + limit + " waiting for " + what);
            }
            Thread.sleep(10);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    private long dbTerm() {
        return jdbc.queryForObject("SELECT term FROM manager_lease WHERE id = 1", Long.class);
    }

    @Test
    void exactlyOneOfTwoInstancesLeads() throws InterruptedException {
        LeaderLease a = started("a");
        LeaderLease b = started("b");
        await("a leader", Duration.ofSeconds(5), () -> a.isLeader() || b.isLeader());

        long end = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (System.nanoTime() < end) {
            assertThat(a.isLeader() && b.isLeader()).as("both lead").isFalse();
            Thread.sleep(5);
        }
        assertThat(a.isLeader() ^ b.isLeader()).as("exactly one leads").isTrue();
        LeaderLease leader = a.isLeader() ? a : b;
        LeaderLease standby = leader == a ? b : a;
        assertThat(leader.term()).isPositive().isEqualTo(dbTerm());
        assertThat(standby.term()).isZero();
        assertThat(jdbc.queryForObject("SELECT holder FROM manager_lease", String.class)).isEqualTo(leader.instanceId());
        LeaseView seenByStandby = standby.view();
        assertThat(seenByStandby.leader()).isEqualTo(leader.instanceId());
        assertThat(seenByStandby.term()).isEqualTo(leader.term());
        assertThat(seenByStandby.self()).isEqualTo(standby.instanceId());
        assertThat(seenByStandby.selfIsLeader()).isFalse();
        assertThat(seenByStandby.expiresAt()).isAfter(seenByStandby.since());
        assertThat(leader.view().selfIsLeader()).isTrue();
    }

    @Test
    void aKilledLeaderIsReplacedWithinTtlPlusRenewalWithAHigherTerm() throws InterruptedException {
        LeaderLease a = started("a");
        assertThat(a.isLeader()).as("a lone instance leads once started").isTrue();
        long first = a.term();
        BlockingQueue<Event> bEvents = new LinkedBlockingQueue<>();
        LeaderLease b = lease("b", db, TTL, bEvents);
        b.start();
        Thread.sleep(3 * RENEW.toMillis());
        assertThat(b.isLeader()).isFalse();

        a.abandon();   // kill -9: no release, nobody told
        long ms = await("b takes over", Duration.ofSeconds(5), b::isLeader);
        System.out.println("[lease] takeover after a killed leader: " + ms + " ms (ttl " + TTL + ", renewal " + RENEW + ")");

        assertThat(ms).isLessThanOrEqualTo(TTL.plus(RENEW).toMillis() + 300);   // + scheduling slack on a busy host
        assertThat(b.term()).isGreaterThan(first).isEqualTo(dbTerm());
        Event elected = bEvents.poll(1, TimeUnit.SECONDS);
        assertThat(elected).isNotNull();
        assertThat(elected.elected()).isTrue();
        assertThat(elected.term()).isEqualTo(b.term());
    }

    @Test
    void aGracefulStopHandsTheLeaseOverAtOnce() throws InterruptedException {
        Duration longTtl = Duration.ofSeconds(10);
        BlockingQueue<Event> aEvents = new LinkedBlockingQueue<>();
        LeaderLease a = lease("a", db, longTtl, aEvents);
        a.start();
        LeaderLease b = lease("b", db, longTtl, null);
        b.start();
        assertThat(a.isLeader()).isTrue();
        long first = a.term();

        a.stop();
        assertThat(a.isLeader()).isFalse();
        Event down = aEvents.stream().filter(e -> !e.elected()).findFirst().orElseThrow();
        assertThat(down.term()).isEqualTo(first);
        long ms = await("b takes over", Duration.ofSeconds(3), b::isLeader);
        System.out.println("[lease] takeover after a graceful stop: " + ms + " ms (ttl " + longTtl + ")");

        assertThat(ms).as("no wait for the ttl").isLessThan(longTtl.toMillis() / 2);
        assertThat(b.term()).isEqualTo(first + 1);
    }

    @Test
    void guardRollsBackTheWritesOfAnInstanceThatNoLongerHoldsTheLease() throws InterruptedException {
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(db));
        LeaderLease a = started("a");
        assertThat(a.isLeader()).isTrue();
        tx.executeWithoutResult(s -> {
            jdbc.update("INSERT INTO node (name) VALUES ('written-by-leader')");
            a.guard();
        });
        assertThatThrownBy(a::guard).as("outside a transaction").isInstanceOf(IllegalStateException.class);

        // another instance took the lease and a has not noticed yet: the database check catches it
        jdbc.update("UPDATE manager_lease SET holder = 'c', term = term + 1, expires_at = clock_timestamp() + interval '1 minute'");
        assertThatThrownBy(() -> tx.executeWithoutResult(s -> {
            jdbc.update("INSERT INTO node (name) VALUES ('late-write')");
            a.guard();
        })).isInstanceOfSatisfying(NotLeaderException.class, e -> {
            assertThat(e.leader()).isEqualTo("c");
            assertThat(e.term()).isEqualTo(dbTerm());
        });
        assertThat(jdbc.queryForList("SELECT name FROM node", String.class)).containsExactly("written-by-leader");

        // and once it has noticed, it is deposed locally too
        await("a deposed", Duration.ofSeconds(3), () -> !a.isLeader());
        assertThat(a.term()).isZero();
        assertThatThrownBy(() -> tx.executeWithoutResult(s -> a.guard())).isInstanceOf(NotLeaderException.class);
    }

    @Test
    void aKilledLeadersGuardFailsAfterTheTakeover() throws InterruptedException {
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(db));
        LeaderLease a = started("a");
        LeaderLease b = started("b");
        a.abandon();
        await("b takes over", Duration.ofSeconds(5), b::isLeader);

        assertThatThrownBy(() -> tx.executeWithoutResult(s -> {
            jdbc.update("INSERT INTO node (name) VALUES ('from-the-dead')");
            a.guard();
        })).isInstanceOf(NotLeaderException.class);
        tx.executeWithoutResult(s -> {
            jdbc.update("INSERT INTO node (name) VALUES ('from-b')");
            b.guard();
        });
        assertThat(jdbc.queryForList("SELECT name FROM node", String.class)).containsExactly("from-b");
    }

    /** The database stops answering (connections hang) or refuses (connections fail). */
    static final class Cuttable extends DelegatingDataSource {
        volatile boolean hang;
        volatile boolean fail;

        Cuttable(DataSource target) {
            super(target);
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (fail) {
                throw new SQLException("connection refused (test)");
            }
            while (hang) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SQLException("interrupted");
                }
            }
            return super.getConnection();
        }
    }

    @Test
    void aLeaderCutOffFromAHangingDatabaseStepsDownBeforeTheLeaseExpires() throws InterruptedException {
        cutOff(true);
    }

    @Test
    void aLeaderCutOffFromAFailingDatabaseStepsDownBeforeTheLeaseExpires() throws InterruptedException {
        cutOff(false);
    }

    private void cutOff(boolean hang) throws InterruptedException {
        Cuttable link = new Cuttable(db);
        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        // 2 s: the step-down comes 400 ms before the expiry, room for a late thread wake-up on a busy host
        LeaderLease a = lease("a", link, Duration.ofSeconds(2), events);
        a.start();
        assertThat(a.isLeader()).isTrue();
        long term = a.term();
        Event up = events.poll(1, TimeUnit.SECONDS);
        assertThat(up).isEqualTo(new Event(true, term, up.at()));
        if (hang) {
            link.hang = true;
        } else {
            link.fail = true;
        }
        Instant cut = Instant.now();

        Event down = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(6).toNanos();
        while (down == null && System.nanoTime() < deadline) {
            Event e = events.poll(100, TimeUnit.MILLISECONDS);
            if (e != null && !e.elected()) {
                down = e;
            }
        }
        assertThat(down).as("deposed").isNotNull();
        assertThat(down.term()).isEqualTo(term);
        assertThat(a.isLeader()).isFalse();
        // the database still names a, and its lease runs on (same host, same clock): nobody else could act yet
        Instant expires = jdbc.queryForObject("SELECT expires_at FROM manager_lease WHERE holder = 'a'",
                (rs, i) -> rs.getTimestamp(1).toInstant());
        System.out.println("[lease] cut off (" + (hang ? "hanging" : "failing") + "): stepped down "
                + Duration.between(cut, down.at()).toMillis() + " ms after the cut, "
                + Duration.between(down.at(), expires).toMillis() + " ms before the lease expired in the database");
        assertThat(down.at()).isBefore(expires);

        // back online: it tries again and, after the expiry, comes back with the next term
        link.hang = false;
        link.fail = false;
        await("a leads again", Duration.ofSeconds(8), a::isLeader);
        assertThat(a.term()).isEqualTo(term + 1);
    }

    @Test
    void theTermNeverGoesBack() {
        jdbc.update("UPDATE manager_lease SET term = 7");
        assertThatThrownBy(() -> jdbc.update("UPDATE manager_lease SET term = 6")).hasMessageContaining("must not decrease");
        assertThat(dbTerm()).isEqualTo(7);
    }

    @Test
    void withTheLeaseDisabledTheInstanceIsTheManager() throws InterruptedException {
        LeaderLease off = new LeaderLease(db, new LeaseProperties(false, null, null), "solo");
        leases.add(off);
        BlockingQueue<Long> elected = new LinkedBlockingQueue<>();
        off.onChange(new LeadershipListener() {
            @Override
            public void elected(long term) {
                elected.add(term);
            }

            @Override
            public void deposed(long term) {
            }
        });
        off.start();

        assertThat(elected.poll(2, TimeUnit.SECONDS)).isZero();
        assertThat(off.isLeader()).isTrue();
        assertThat(off.term()).isZero();
        new TransactionTemplate(new DataSourceTransactionManager(db)).executeWithoutResult(s -> off.guard());
        assertThat(off.view().selfIsLeader()).isTrue();
        assertThat(jdbc.queryForObject("SELECT holder FROM manager_lease", String.class)).isNull();
    }

    @Test
    void theDefaultInstanceIdNamesHostAndProcess() {
        String id = LeaderLease.defaultInstanceId();
        assertThat(id).contains("-" + ProcessHandle.current().pid() + "-").matches(".+-\\d+-[0-9a-f]{6}");
        assertThat(LeaderLease.defaultInstanceId()).isNotEqualTo(id);
    }
}
