package io.ballast.proxmox;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.core.ManagerStatus;
import io.ballast.core.NodeState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManagerStatusFileTest {

    @Test
    void statusRoundTripsWithItsHoldCounter(@TempDir Path dir) {
        ManagerStatusFile file = new ManagerStatusFile(dir.resolve("status.json"));
        TreeMap<String, NodeState> nodes = new TreeMap<>();
        nodes.put("pve1", NodeState.ONLINE);
        ManagerStatus status = new ManagerStatus("pve1", 120, nodes, new TreeSet<>(), null, new TreeMap<>(), 2);

        file.save(status);

        assertThat(file.load()).isEqualTo(status);
    }

    @Test
    void fileWrittenBeforeTheHoldCounterExistedStillLoads(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("status.json");
        Files.writeString(path, "{\"masterNode\":\"pve1\",\"timestamp\":100,\"nodeStatus\":{\"pve1\":\"ONLINE\"},"
                + "\"maintenanceRequests\":[],\"disarm\":null,\"serviceStatus\":{}}");

        ManagerStatus loaded = new ManagerStatusFile(path).load();

        assertThat(loaded.rebalanceHold()).isZero();
        assertThat(loaded.nodeStatus()).containsEntry("pve1", NodeState.ONLINE);
    }
}
