package io.ballast.proxmox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Actions as real API calls, followed by UPID until the task stops. */
class PveHypervisorTest {

    private final List<String> log = new ArrayList<>();

    private PveHypervisor hypervisor(FakePve pve, ProxmoxProperties p) {
        PveClient c = new PveClient(p, d -> { });
        PveHypervisor h = new PveHypervisor(c, new PveTasks(c, p, d -> { }), p);
        h.refresh(new PveObserver(c).observe());
        return h;
    }

    private void log(String level, String msg) {
        log.add(level + ": " + msg);
    }

    @Test
    void liveMigratesVmAndFollowsTaskUntilStopped() throws Exception {
        try (FakePve pve = FakePve.threeNodes()) {
            pve.addGuest(100, "qemu", "pve1", true, 2, 4 * FakePve.GIB);
            pve.taskPolls = 3;
            PveHypervisor h = hypervisor(pve, pve.props());

            assertThat(h.move("pve1", "vm:100", "pve2", true, this::log)).isTrue();

            assertThat(pve.actions()).containsExactly("POST /nodes/pve1/qemu/100/migrate {online=1, target=pve2}");
            assertThat(pve.guests.get(100).node).isEqualTo("pve2");
            assertThat(h.configuredNode("vm:100")).isEqualTo("pve2");
            assertThat(h.isRunning("pve2", "vm:100")).isTrue();
        }
    }

    @Test
    void localDisksOptionIsPassedWhenConfigured() throws Exception {
        try (FakePve pve = FakePve.threeNodes()) {
            pve.addGuest(100, "qemu", "pve1", true, 2, 4 * FakePve.GIB);
            ProxmoxProperties p = pve.props();
            p = new ProxmoxProperties(p.url(), p.tokenId(), p.secret(), null, null, null, p.readTimeout(), 0,
                    p.retryBackoff(), p.taskPoll(), null, null, null, true, null, false, null, null, true, null, null);

            assertThat(hypervisor(pve, p).move("pve1", "vm:100", "pve3", true, this::log)).isTrue();
            assertThat(pve.actions()).containsExactly(
                    "POST /nodes/pve1/qemu/100/migrate {online=1, target=pve3, with-local-disks=1}");
        }
    }

    @Test
    void containerRestartMigratesWithTimeout() throws Exception {
        try (FakePve pve = FakePve.threeNodes()) {
            pve.addGuest(200, "lxc", "pve2", true, 1, FakePve.GIB);

            assertThat(hypervisor(pve, pve.props()).move("pve2", "ct:200", "pve3", false, this::log)).isTrue();
            assertThat(pve.actions()).containsExactly(
                    "POST /nodes/pve2/lxc/200/migrate {restart=1, target=pve3, timeout=180}");
        }
    }

    @Test
    void startShutdownAndHardStop() throws Exception {
        try (FakePve pve = FakePve.threeNodes()) {
            pve.addGuest(100, "qemu", "pve1", false, 2, 4 * FakePve.GIB);
            PveHypervisor h = hypervisor(pve, pve.props());

            h.start("pve1", "vm:100", this::log);
            assertThat(h.isRunning("pve1", "vm:100")).isTrue();
            h.stop("pve1", "vm:100", 30, this::log);
            assertThat(h.isRunning("pve1", "vm:100")).isFalse();
            h.start("pve1", "vm:100", this::log);
            h.stop("pve1", "vm:100", 0, this::log);

            assertThat(pve.actions()).containsExactly("POST /nodes/pve1/qemu/100/status/start",
                    "POST /nodes/pve1/qemu/100/status/shutdown {forceStop=1, timeout=30}",
                    "POST /nodes/pve1/qemu/100/status/start", "POST /nodes/pve1/qemu/100/status/stop");
            assertThat(pve.guests.get(100).status).isEqualTo("stopped");
        }
    }

    @Test
    void failedMigrationTaskReportsExitStatusAndLogTail() throws Exception {
        try (FakePve pve = FakePve.threeNodes()) {
            pve.addGuest(100, "qemu", "pve1", true, 2, 4 * FakePve.GIB);
            pve.failMigration.put(100, "migration problems");
            PveHypervisor h = hypervisor(pve, pve.props());

            assertThat(h.move("pve1", "vm:100", "pve2", true, this::log)).isFalse();

            assertThat(pve.guests.get(100).node).isEqualTo("pve1");
            assertThat(h.configuredNode("vm:100")).isEqualTo("pve1");
            assertThat(log).anySatisfy(l -> assertThat(l).startsWith("err: migrate vm:100 on pve1 failed: "
                    + "migration problems | ").contains("ERROR: migration problems").contains("TASK ERROR"));
        }
    }

    @Test
    void nodeDroppingOutMidMigrationIsAFailureNotASuccess() throws Exception {
        try (FakePve pve = FakePve.threeNodes()) {
            pve.addGuest(100, "qemu", "pve1", true, 2, 4 * FakePve.GIB);
            pve.dropSourceDuringMigration.add(100);
            PveHypervisor h = hypervisor(pve, pve.props());

            assertThat(h.move("pve1", "vm:100", "pve2", true, this::log)).isFalse();

            assertThat(pve.nodes.get("pve1").online).isFalse();
            assertThat(h.configuredNode("vm:100")).isEqualTo("pve1");
            assertThat(log).anySatisfy(l -> assertThat(l).contains("lost track of task UPID:pve1:")
                    .contains("595"));
        }
    }

    @Test
    void lockedGuestFailsInsideItsTask() throws Exception {
        try (FakePve pve = FakePve.threeNodes()) {
            pve.addGuest(100, "qemu", "pve1", false, 2, 4 * FakePve.GIB).lock = "backup";
            ProxmoxProperties p = pve.props().withTiming(java.time.Duration.ofSeconds(5), 0,
                    java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(1));
            PveHypervisor h = hypervisor(pve, p);

            h.start("pve1", "vm:100", this::log);

            assertThat(h.isRunning("pve1", "vm:100")).isFalse();
            assertThat(log).anySatisfy(l -> assertThat(l).contains("start vm:100 on pve1 failed: VM is locked (backup)"));
            assertThat(pve.tasks.values()).singleElement().satisfies(t -> assertThat(t.exitstatus)
                    .isEqualTo("VM is locked (backup)"));
        }
    }
}
