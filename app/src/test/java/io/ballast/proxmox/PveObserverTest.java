package io.ballast.proxmox;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.proxmox.ClusterObservation.PveGuest;
import io.ballast.proxmox.ClusterObservation.PveNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PveObserverTest {

    @Test
    void mapsMembershipCapacityGuestsHaResourcesAndTasks() throws Exception {
        try (FakePve pve = FakePve.threeNodes()) {
            pve.nodes.get("pve1").cpu = 0.25;
            pve.addGuest(100, "qemu", "pve1", true, 4, 8 * FakePve.GIB).lock = "backup";
            pve.addGuest(101, "lxc", "pve2", false, 2, 2 * FakePve.GIB);
            pve.addGuest(102, "qemu", "pve3", true, 2, 4 * FakePve.GIB);
            pve.pveHa.put("vm:102", "started");
            pve.setOnline("pve3", false);
            pve.taskPolls = 5;
            PveClient client = new PveClient(pve.props(), d -> { });
            client.post("/nodes/pve2/lxc/101/status/start", java.util.Map.of());

            ClusterObservation obs = new PveObserver(client).observe();

            assertThat(obs.quorate()).isTrue();
            assertThat(obs.onlineMembers()).containsExactly("pve1", "pve2");
            assertThat(obs.nodes().get("pve1").maxCpu()).isEqualTo(16);
            // 0.25 of 16 threads for the host plus 0.5 cores of vm:100
            assertThat(obs.nodes().get("pve1").cpu()).isEqualTo(4.5);
            assertThat(obs.nodes().get("pve1").mem()).isEqualTo(6 * FakePve.GIB);
            assertThat(obs.nodes().get("pve3").online()).isFalse();
            PveGuest vm = obs.guests().get("vm:100");
            assertThat(vm.running()).isTrue();
            assertThat(vm.cpu()).isEqualTo(0.5);
            assertThat(vm.maxMem()).isEqualTo(8 * FakePve.GIB);
            assertThat(vm.lock()).isEqualTo("backup");
            assertThat(vm.tags()).containsExactly("prod", "web");
            assertThat(obs.guests().get("ct:101").isContainer()).isTrue();
            // a node that just left: its guests keep their last values (running) for five minutes, then unknown
            assertThat(obs.guests().get("vm:102").status()).isEqualTo("running");
            assertThat(obs.pveHaSids()).containsExactly("vm:102");
            assertThat(obs.tasks()).singleElement().satisfies(t -> {
                assertThat(t.type()).isEqualTo("vzstart");
                assertThat(t.id()).isEqualTo("101");
            });
            pve.advance(java.time.Duration.ofMinutes(5));
            assertThat(new PveObserver(client).observe().guests().get("vm:102").status()).isEqualTo("unknown");
        }
    }

    @Test
    void nodeWithoutQuorumMakesTheNextRoundAskAnotherNode() throws Exception {
        try (FakePve minority = FakePve.threeNodes(); FakePve majority = FakePve.threeNodes()) {
            minority.quorate = false;
            majority.validSecret = minority.secret();
            PveClient c = new PveClient(ProxmoxProperties.of(minority.url() + "," + majority.url(), FakePve.TOKEN_ID,
                    minority.secret()).withPlainHttp(true), d -> { });
            PveObserver observer = new PveObserver(c);

            assertThat(observer.observe().quorate()).isFalse();
            assertThat(observer.observe().quorate()).isTrue();
            assertThat(c.currentUrl()).startsWith(majority.url());
        }
    }

    @Test
    void noQuorumMeansNoOnlineMembers() throws Exception {
        try (FakePve pve = FakePve.threeNodes()) {
            pve.quorate = false;

            ClusterObservation obs = new PveObserver(new PveClient(pve.props(), d -> { })).observe();

            assertThat(obs.quorate()).isFalse();
            assertThat(obs.onlineMembers()).isEmpty();
            assertThat(obs.nodes().keySet()).containsExactlyElementsOf(List.of("pve1", "pve2", "pve3"));
        }
    }

    // ---- degrading per node (issue 15 item 2) -----------------------------------------------------------

    @Test
    void nodeFiguresComeFromClusterResourcesWithoutPerNodeCalls() throws Exception {
        try (FakePve pve = FakePve.threeNodes()) {
            pve.addGuest(100, "qemu", "pve1", true, 4, 8 * FakePve.GIB);

            ClusterObservation obs = new PveObserver(new PveClient(pve.props(), d -> { })).observe();

            assertThat(pve.requests()).containsExactly("GET /cluster/status", "GET /cluster/resources",
                    "GET /cluster/ha/resources", "GET /cluster/tasks", "GET /cluster/options");
            assertThat(obs.nodes().values()).allSatisfy(n -> {
                assertThat(n.stale()).isFalse();
                assertThat(n.maxCpu()).isEqualTo(16);
            });
            assertThat(obs.nodes().get("pve1").mem()).isEqualTo(6 * FakePve.GIB);
        }
    }

    @Test
    void nodeWhoseApiHangsCostsOneShortReadAndIsMarkedStaleWithItsLastFigures() throws Exception {
        try (FakePve pve = FakePve.threeNodes()) {
            pve.addGuest(100, "qemu", "pve2", true, 4, 8 * FakePve.GIB);
            ProxmoxProperties p = pve.props().withObservation(Duration.ofMillis(200), Duration.ofSeconds(10));
            PveObserver observer = new PveObserver(new PveClient(p, d -> { }));
            PveNode before = observer.observe().nodes().get("pve2");
            // pve2's statistics stop and its API hangs (e.g. pveproxy restarting); corosync still lists it
            pve.nodes.get("pve2").statsMissing = true;
            pve.nodes.get("pve2").api = FakePve.Api.HANG;
            pve.clearRequests();

            ClusterObservation obs = observer.observe();

            PveNode pve2 = obs.nodes().get("pve2");
            assertThat(pve2.online()).isTrue();
            assertThat(obs.onlineMembers()).containsExactly("pve1", "pve2", "pve3");
            assertThat(pve2.staleReason()).contains("/nodes/pve2/status").contains("HttpTimeoutException");
            assertThat(List.of(pve2.maxCpu(), pve2.maxMem(), pve2.cpu(), pve2.mem()))
                    .isEqualTo(List.of(before.maxCpu(), before.maxMem(), before.cpu(), before.mem()));
            assertThat(obs.nodes().get("pve1").stale()).isFalse();
            assertThat(obs.guests()).containsKey("vm:100");
            // one try, no retries and no other URL
            assertThat(pve.requests()).filteredOn(r -> r.startsWith("GET /nodes/")).containsExactly(
                    "GET /nodes/pve2/status");

            pve.nodes.get("pve2").api = FakePve.Api.OK;
            pve.nodes.get("pve2").statsMissing = false;
            assertThat(observer.observe().nodes().get("pve2").stale()).isFalse();
        }
    }

    @Test
    void nodeWithoutFiguresAnswersItsOwnStatus() throws Exception {
        try (FakePve pve = FakePve.threeNodes()) {
            pve.nodes.get("pve3").statsMissing = true;

            ClusterObservation obs = new PveObserver(new PveClient(pve.props(), d -> { })).observe();

            assertThat(obs.nodes().get("pve3").stale()).isFalse();
            assertThat(obs.nodes().get("pve3").maxMem()).isEqualTo(64 * FakePve.GIB);
            assertThat(pve.requests()).filteredOn(r -> r.startsWith("GET /nodes/")).containsExactly(
                    "GET /nodes/pve3/status");
        }
    }

    @Test
    void failingNodeNeverSeenFreshIsStaleWithoutFigures() throws Exception {
        try (FakePve pve = FakePve.threeNodes()) {
            pve.nodes.get("pve3").statsMissing = true;
            pve.nodes.get("pve3").api = FakePve.Api.FAIL;

            ClusterObservation obs = new PveObserver(new PveClient(pve.props(), d -> { })).observe();

            PveNode pve3 = obs.nodes().get("pve3");
            assertThat(pve3.online()).isTrue();
            assertThat(pve3.staleReason()).contains("595");
            assertThat(pve3.maxCpu()).isZero();
        }
    }

    @Test
    void nodeWhoseApiHangsDoesNotMakeTheClientLeaveAHealthyUrl() throws Exception {
        try (FakePve first = FakePve.threeNodes(); FakePve second = FakePve.threeNodes()) {
            second.validSecret = first.secret();
            first.nodes.get("pve2").statsMissing = true;
            first.nodes.get("pve2").api = FakePve.Api.HANG;
            PveClient c = new PveClient(ProxmoxProperties.of(first.url() + "," + second.url(), FakePve.TOKEN_ID,
                    first.secret()).withPlainHttp(true).withObservation(Duration.ofSeconds(1), Duration.ofSeconds(5)),
                    d -> { });
            PveObserver observer = new PveObserver(c);

            assertThat(observer.observe().nodes().get("pve2").stale()).isTrue();
            observer.observe();

            // pve2's hang is behind the URL node, which answers: every call stays with it
            assertThat(c.currentUrl()).startsWith(first.url());
            assertThat(second.requests()).isEmpty();
        }
    }
}
