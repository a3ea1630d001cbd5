package io.ballast.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.rules.facts.PlacementFactsDrl.Occupies;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Where a resource counts is said twice: by the usage model ({@code ServiceUsage.usedNodes}, spec §3.2) and by the
 * placement policy's occupancy ({@link ServiceState#occupancy}, read by the keep-separate and keep-together rules).
 * They must name the same nodes in every state: every non-resident node of the occupancy is a used node.
 */
class OccupancyAgreementTest {

    @Test
    void usageAndOccupancyNameTheSameNodesInEveryState() {
        Set<String> online = Set.of("node1", "node2");
        String[][] places = {{"node1", null}, {"node1", "node2"}, {"node1", "node1"}, {"node1", "node3"},
                {"node3", "node2"}, {null, null}};
        for (ServiceState state : ServiceState.values()) {
            for (String[] p : places) {
                Set<String> used = new TreeSet<>();
                Arrays.stream(ServiceUsage.usedNodes(online, state, p[0], p[1])).filter(Objects::nonNull)
                        .forEach(used::add);
                Set<String> occupied = new TreeSet<>();
                state.occupancy(p[0], p[1]).forEach((node, kind) -> {
                    if (!Occupies.RESIDENT.equals(kind) && online.contains(node)) {
                        occupied.add(node);
                    }
                });
                assertThat(occupied).as(state + " on " + p[0] + " to " + p[1]).isEqualTo(used);
            }
        }
    }
}
