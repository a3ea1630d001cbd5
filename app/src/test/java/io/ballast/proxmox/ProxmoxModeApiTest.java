package io.ballast.proxmox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The service in {@code ballast.cluster.mode=proxmox} observes the (fake) cluster and shows it, secret-free. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureTestRestTemplate
@DirtiesContext   // stop the round timer with the context, before the fake server goes away
class ProxmoxModeApiTest {

    static final FakePve PVE;

    static {
        try {
            PVE = FakePve.threeNodes();
            PVE.addGuest(100, "qemu", "pve1", true, 2, 4 * FakePve.GIB);
            PVE.addGuest(101, "lxc", "pve2", false, 1, FakePve.GIB);
            PVE.pveHa.put("ct:101", "started");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry registry) {
        registry.add("ballast.db.embedded.data-dir", () -> "");
        registry.add("ballast.cluster.mode", () -> "proxmox");
        registry.add("ballast.proxmox.url", PVE::url);
        registry.add("ballast.proxmox.allow-plain-http", () -> "true");
        registry.add("ballast.proxmox.token-id", () -> FakePve.TOKEN_ID);
        registry.add("ballast.proxmox.secret", () -> PVE.secret());
        registry.add("ballast.proxmox.round-interval", () -> "200ms");
    }

    @AfterAll
    static void stop() {
        PVE.close();
    }

    @Autowired
    TestRestTemplate http;

    @Test
    @SuppressWarnings("unchecked")
    void observesTheClusterAndNeverShowsTheSecret() throws Exception {
        ResponseEntity<String> raw = null;
        Map<String, Object> body = Map.of();
        for (int i = 0; i < 50 && !body.containsKey("nodes"); i++) {
            raw = http.getForEntity("/api/v1/proxmox", String.class);
            body = http.getForObject("/api/v1/proxmox", Map.class);
            Thread.sleep(100);
        }

        assertThat(body).containsEntry("quorate", true).containsEntry("acting", false)
                .containsEntry("token_id", FakePve.TOKEN_ID);
        assertThat((List<Map<String, Object>>) body.get("nodes")).extracting(n -> n.get("node"))
                .containsExactly("pve1", "pve2", "pve3");
        assertThat((List<Map<String, Object>>) body.get("guests")).extracting(g -> g.get("sid") + "@" + g.get("node")
                + ":" + g.get("pve_ha")).containsExactly("ct:101@pve2:true", "vm:100@pve1:false");
        assertThat(raw.getBody()).doesNotContain(PVE.secret());
        assertThat(PVE.actions()).as("observe-only by default").isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void statusShowsWhatTheLastObservationSawOfEachNode() throws Exception {
        PVE.setOnline("pve3", false);
        try {
            Map<String, Object> pve3 = Map.of();
            for (int i = 0; i < 50 && !Boolean.FALSE.equals(pve3.get("member")); i++) {
                Thread.sleep(100);
                Map<String, Object> status = http.getForObject("/api/v1/status", Map.class);
                pve3 = ((List<Map<String, Object>>) status.get("nodes")).stream()
                        .filter(n -> "pve3".equals(n.get("node"))).findFirst().orElse(Map.of());
            }
            assertThat(pve3).as("the observation's membership, next to the manager's state").containsEntry("member", false);
            Map<String, Object> status = http.getForObject("/api/v1/status", Map.class);
            Map<String, Object> pve1 = ((List<Map<String, Object>>) status.get("nodes")).stream()
                    .filter(n -> "pve1".equals(n.get("node"))).findFirst().orElseThrow();
            assertThat(pve1).containsEntry("member", true);
            // observe-only with no HA resource: no round ran, so there are no rebalancing figures to show
            assertThat((Map<String, Object>) status.get("crs")).containsOnlyKeys("ha");
            assertThat(((Map<String, Object>) status.get("manager"))).containsEntry("mode", "proxmox");
        } finally {
            PVE.setOnline("pve3", true);
        }
    }
}
