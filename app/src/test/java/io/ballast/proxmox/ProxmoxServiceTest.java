package io.ballast.proxmox;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.core.HaManager;
import io.ballast.core.ServiceState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The service tick: observe-only by default; acting rounds persist before they act; errors are reported. */
class ProxmoxServiceTest {

    /** A database stand-in: what the service persists, and what a restarted service continues from. */
    static class Saved implements RoundHooks {
        io.ballast.core.ManagerStatus status = io.ballast.core.ManagerStatus.EMPTY;
        java.util.List<AgentTask> work = java.util.List.of();
        int persists;

        @Override
        public Restored restore() {
            return new Restored(status, work, 1);
        }

        @Override
        public void persist(io.ballast.core.ManagerStatus before, RoundReport report, String master, Runnable inTx) {
            inTx.run();
            status = report.output().status();
            work = report.agentTasks();
            persists++;
        }

        @Override
        public AgentJournal journal() {
            return new AgentJournal() {
                @Override
                public <T> T fenced(java.util.function.Supplier<T> action) {
                    return action.get();
                }

                @Override
                public void record(AgentTask task) {
                    java.util.List<AgentTask> next = new java.util.ArrayList<>(work);
                    next.removeIf(t -> t.uid().equals(task.uid()));
                    next.add(task);
                    work = next;
                }
            };
        }
    }

    private static ProxmoxService service(FakePve pve, ProxmoxEnvironmentTest.Catalog catalog, boolean act,
                                          Saved state) {
        return service(pve, catalog, act, state, Clock.systemUTC());
    }

    private static ProxmoxService service(FakePve pve, ProxmoxEnvironmentTest.Catalog catalog, boolean act,
                                          Saved state, Clock clock) {
        ProxmoxProperties p = pve.props();
        PveClient c = new PveClient(p, d -> { });
        PveObserver observer = new PveObserver(c);
        ProxmoxEnvironment env = new ProxmoxEnvironment(observer, new PveHypervisor(c, new PveTasks(c, p, d -> { }),
                p), Fencer.of(p.fencing()), pve::moveConfig, catalog, p, HaManager::new);
        return new ProxmoxService(observer, env, act, Duration.ofSeconds(10), state, clock);
    }

    @Test
    void observeOnlyNeverActsAndActingPersistsBeforeItActs() throws Exception {
        try (FakePve pve = FakePve.threeNodes()) {
            pve.addGuest(100, "qemu", "pve1", false, 2, FakePve.GIB);
            pve.addGuest(101, "qemu", "pve2", false, 2, FakePve.GIB);
            pve.pveHa.put("vm:101", "started");
            ProxmoxEnvironmentTest.Catalog catalog = new ProxmoxEnvironmentTest.Catalog();
            catalog.map.put("vm:100", ManagedResource.started("vm:100"));
            catalog.map.put("vm:101", ManagedResource.started("vm:101"));
            Saved state = new Saved();

            ProxmoxService observing = service(pve, catalog, false, state);
            observing.tick();
            observing.tick();
            assertThat(observing.lastObservation().guests()).containsKeys("vm:100", "vm:101");
            assertThat(pve.actions()).isEmpty();
            assertThat(state.persists).isZero();

            ProxmoxService acting = service(pve, catalog, true, state);
            acting.tick();
            acting.tick();

            assertThat(pve.actions()).containsExactly("POST /nodes/pve1/qemu/100/status/start");
            assertThat(acting.refused()).containsOnlyKeys("vm:101");
            assertThat(state.status.serviceStatus().get("vm:100").state()).isEqualTo(ServiceState.STARTED);
            // the start was posted in the first round and is followed, not posted again
            assertThat(state.work).singleElement().satisfies(t -> assertThat(t.step()).isEqualTo("start"));

            ProxmoxService restarted = service(pve, catalog, true, state);
            restarted.tick();
            assertThat(pve.actions()).hasSize(1);
        }
    }

    @Test
    void anActingTickObservesTheClusterOnce() throws Exception {
        try (FakePve pve = FakePve.threeNodes()) {
            ProxmoxService s = service(pve, new ProxmoxEnvironmentTest.Catalog(), true, new Saved());

            s.tick();

            // the round decides on the observation the status endpoint shows: one bounded read of the cluster
            assertThat(pve.requests()).containsExactly("GET /cluster/status", "GET /cluster/resources",
                    "GET /cluster/ha/resources", "GET /cluster/tasks", "GET /cluster/options");
            assertThat(s.lastRound().acted()).isTrue();
        }
    }

    @Test
    void theRoundIsStampedWithTheInjectedClock() throws Exception {
        try (FakePve pve = FakePve.threeNodes()) {
            Clock clock = Clock.fixed(Instant.parse("2027-01-01T00:00:00.900Z"), ZoneOffset.UTC);
            ProxmoxService s = service(pve, new ProxmoxEnvironmentTest.Catalog(), true, new Saved(), clock);

            s.tick();

            assertThat(s.lastRound().now()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z").getEpochSecond());
        }
    }

    @Test
    void expiredTokenIsReportedNotThrown() throws Exception {
        try (FakePve pve = FakePve.threeNodes()) {
            pve.validSecret = "rotated";
            ProxmoxService s = service(pve, new ProxmoxEnvironmentTest.Catalog(), true, new Saved());

            s.tick();

            assertThat(s.lastError()).contains("rejected token 'ballast@pve!ha'");
            assertThat(s.lastObservation()).isNull();
        }
    }

    @Test
    void aRoundThatCannotBePersistedActsOnNothingAndTheNextStartsFromTheDatabase() throws Exception {
        try (FakePve pve = FakePve.threeNodes()) {
            pve.addGuest(100, "qemu", "pve1", false, 2, FakePve.GIB);
            ProxmoxEnvironmentTest.Catalog catalog = new ProxmoxEnvironmentTest.Catalog();
            catalog.map.put("vm:100", ManagedResource.started("vm:100"));
            Saved failing = new Saved() {
                boolean down = true;

                @Override
                public void persist(io.ballast.core.ManagerStatus before, RoundReport report, String master,
                                    Runnable inTx) {
                    if (down) {
                        down = false;
                        throw new IllegalStateException("database unreachable");
                    }
                    super.persist(before, report, master, inTx);
                }
            };
            ProxmoxService s = service(pve, catalog, true, failing);

            s.tick();
            assertThat(s.lastError()).contains("database unreachable");
            assertThat(pve.actions()).as("decided but not persisted: nothing acted on").isEmpty();

            s.tick();
            s.tick();
            assertThat(pve.actions()).containsExactly("POST /nodes/pve1/qemu/100/status/start");
        }
    }
}
