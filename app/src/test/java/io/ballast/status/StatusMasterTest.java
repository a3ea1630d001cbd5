package io.ballast.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import io.ballast.core.ManagerStatus;

/** The master line of GET /api/v1/status: active, lost or none, by what the instance can see. */
class StatusMasterTest {

    private static ManagerStatus lastRoundBy(String node, long time) {
        return new ManagerStatus(node, time, new TreeMap<>(), new TreeSet<>(), null, new TreeMap<>(), 0);
    }

    private static ClusterFacts observed(long now, String crmMaster) {
        return new ClusterFacts("simulated", now, crmMaster, null, null);
    }

    @Test
    void whereTheDaemonsAreSeenTheMasterIsTheNodeWhoseCrmIsMaster() {
        assertThat(StatusController.master(lastRoundBy("node1", 140), observed(160, "node1"), null))
                .containsEntry("node", "node1").containsEntry("state", "active").containsEntry("last_round_age_s", 20L);
        // the master lost power a moment ago: no round since, and no CRM is master
        assertThat(StatusController.master(lastRoundBy("node1", 140), observed(160, null), null))
                .containsEntry("node", "node1").containsEntry("state", "lost").containsKey("note");
        // a new master took over before its first round was persisted
        assertThat(StatusController.master(lastRoundBy("node1", 140), observed(280, "node3"), null))
                .containsEntry("node", "node3").containsEntry("state", "active").containsEntry("last_round_by", "node1");
    }

    @Test
    void elsewhereTheAgeOfTheLastPersistedRoundDecides() {
        ClusterFacts standby = ClusterFacts.unobserved("standby");
        assertThat(StatusController.master(lastRoundBy("node2", 1_700_000_000L), standby, 12L))
                .containsEntry("node", "node2").containsEntry("state", "active");
        assertThat(StatusController.master(lastRoundBy("node2", 1_700_000_000L), standby, 31L))
                .containsEntry("node", "node2").containsEntry("state", "lost");
        Map<String, Object> none = StatusController.master(lastRoundBy(null, 0), standby, null);
        assertThat(none).containsEntry("node", null).containsEntry("state", "none");
    }
}
