package io.ballast.proxmox;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.core.HaManager;
import io.ballast.core.ServiceState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service tick: observe-only by default; acting rounds save the manager status; errors are reported. */
class ProxmoxServiceTest {

    private static ProxmoxService service(FakePve pve, ProxmoxEnvironmentTest.Catalog catalog, boolean act,
                                          Path state) {
        return service(pve, catalog, act, state, Clock.systemUTC());
    }

    private static ProxmoxService service(FakePve pve, ProxmoxEnvironmentTest.Catalog catalog, boolean act,
                                          Path state, Clock clock) {
        ProxmoxProperties p = pve.props();
        PveClient c = new PveClient(p, d -> { });
        PveObserver observer = new PveObserver(c);
        ProxmoxEnvironment env = new ProxmoxEnvironment(observer, new PveHypervisor(c, new PveTasks(c, p, d -> { }),
                p), Fencer.of(p.fencing()), pve::moveConfig, catalog, p, HaManager::new);
        return new ProxmoxService(observer, env, act, Duration.ofSeconds(10), new ManagerStatusFile(state), clock);
    }

    @Test
    void observeOnlyNeverActsAndActingSavesStatus(@TempDir Path dir) throws Exception {
        try (FakePve pve = FakePve.threeNodes()) {
            pve.addGuest(100, "qemu", "pve1", false, 2, FakePve.GIB);
            pve.addGuest(101, "qemu", "pve2", false, 2, FakePve.GIB);
            pve.pveHa.add("vm:101");
            ProxmoxEnvironmentTest.Catalog catalog = new ProxmoxEnvironmentTest.Catalog();
            catalog.map.put("vm:100", ManagedResource.started("vm:100"));
            catalog.map.put("vm:101", ManagedResource.started("vm:101"));
            Path state = dir.resolve("status.json");

            ProxmoxService observing = service(pve, catalog, false, state);
            observing.tick();
            observing.tick();
            assertThat(observing.lastObservation().guests()).containsKeys("vm:100", "vm:101");
            assertThat(pve.actions()).isEmpty();
            assertThat(state).doesNotExist();

            ProxmoxService acting = service(pve, catalog, true, state);
            acting.tick();
            acting.tick();

            assertThat(pve.actions()).containsExactly("POST /nodes/pve1/qemu/100/status/start");
            assertThat(acting.refused()).containsOnlyKeys("vm:101");
            assertThat(new ManagerStatusFile(state).load().serviceStatus().get("vm:100").state())
                    .isEqualTo(ServiceState.STARTED);

            ProxmoxService restarted = service(pve, catalog, true, state);
            restarted.tick();
            assertThat(pve.actions()).hasSize(1);
        }
    }

    @Test
    void anActingTickObservesTheClusterOnce(@TempDir Path dir) throws Exception {
        try (FakePve pve = FakePve.threeNodes()) {
            ProxmoxService s = service(pve, new ProxmoxEnvironmentTest.Catalog(), true, dir.resolve("s.json"));

            s.tick();

            // the round decides on the observation the status endpoint shows: one bounded read of the cluster
            assertThat(pve.requests()).containsExactly("GET /cluster/status", "GET /cluster/resources",
                    "GET /cluster/ha/resources", "GET /cluster/tasks");
            assertThat(s.lastRound().acted()).isTrue();
        }
    }

    @Test
    void theRoundIsStampedWithTheInjectedClock(@TempDir Path dir) throws Exception {
        try (FakePve pve = FakePve.threeNodes()) {
            Clock clock = Clock.fixed(Instant.parse("2027-01-01T00:00:00.900Z"), ZoneOffset.UTC);
            ProxmoxService s = service(pve, new ProxmoxEnvironmentTest.Catalog(), true, dir.resolve("s.json"), clock);

            s.tick();

            assertThat(s.lastRound().now()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z").getEpochSecond());
        }
    }

    @Test
    void expiredTokenIsReportedNotThrown(@TempDir Path dir) throws Exception {
        try (FakePve pve = FakePve.threeNodes()) {
            pve.validSecret = "rotated";
            ProxmoxService s = service(pve, new ProxmoxEnvironmentTest.Catalog(), true, dir.resolve("s.json"));

            s.tick();

            assertThat(s.lastError()).contains("rejected token 'ballast@pve!ha'");
            assertThat(s.lastObservation()).isNull();
        }
    }

    @Test
    void unreadableStateFileStopsTheStartNamingIt(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("status.json");
        Files.writeString(state, "{not json");
        try (FakePve pve = FakePve.threeNodes()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> service(pve,
                    new ProxmoxEnvironmentTest.Catalog(), true, state))
                    .hasMessageContaining("ballast.proxmox.state-file: " + state);
        }
    }
}
