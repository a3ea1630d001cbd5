package io.ballast.proxmox;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.proxmox.ClusterObservation.PveGuest;
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
            pve.pveHa.add("vm:102");
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
            assertThat(obs.guests().get("vm:102").status()).isEqualTo("unknown");
            assertThat(obs.pveHaSids()).containsExactly("vm:102");
            assertThat(obs.tasks()).singleElement().satisfies(t -> {
                assertThat(t.type()).isEqualTo("vzstart");
                assertThat(t.id()).isEqualTo("101");
            });
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
}
