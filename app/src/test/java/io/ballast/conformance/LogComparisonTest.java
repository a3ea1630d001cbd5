package io.ballast.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogComparisonTest {

    // a fence and recovery as the CRM logs it, with LRM and simulator lines that must be ignored
    private static final List<String> RECOVERY = List.of(
            "info      0     hardware: starting simulation",
            "info     20    node1/crm: adding new service 'vm:101' on node 'node3'",
            "info     20    node1/crm: service 'vm:101': state changed from 'request_start' to 'started'  (node = node3)",
            "info     25    node3/lrm: starting service vm:101",
            "info    160    node1/crm: service 'vm:101': state changed from 'started' to 'fence'",
            "info    240    node1/crm: recover service 'vm:101' from fenced node 'node3' to node 'node2'",
            "info    240    node1/crm: service 'vm:101': state changed from 'fence' to 'recovery'",
            "info    240    node1/crm: service 'vm:101': state changed from 'recovery' to 'started'  (node = node2)");

    @Test
    void aLogComparedWithItselfPassesBothLevels() {
        LogComparison cmp = LogComparison.compare(RECOVERY, RECOVERY, Map.of());
        assertThat(cmp.l1()).isTrue();
        assertThat(cmp.l2()).isTrue();
        assertThat(cmp.firstProblem()).isEmpty();
    }

    @Test
    void nodesAreCarriedOverAndMovedByRecoveryLines() {
        ServiceTrace trace = ServiceTrace.of(RECOVERY, Map.of());
        assertThat(trace.events().get("vm:101")).extracting(TraceEvent::text).containsExactly(
                "add vm:101 node=node3",
                "vm:101 request_start->started node=node3",
                "vm:101 started->fence node=node3",
                "vm:101 fence->recovery node=node2",
                "vm:101 recovery->started node=node2");
        assertThat(trace.finals()).containsEntry("vm:101", new ServiceTrace.Final("started", "node2"));
    }

    @Test
    void aDifferentRecoveryTargetFailsL1AndL2() {
        List<String> produced = replace(RECOVERY, "to node 'node2'", "to node 'node1'");
        produced = replace(produced, "(node = node2)", "(node = node1)");
        LogComparison cmp = LogComparison.compare(RECOVERY, produced, Map.of());
        assertThat(cmp.l1Problems()).containsExactly("vm:101: expected started node=node2, got started node=node1");
        assertThat(cmp.l2Problems()).singleElement().asString().startsWith("vm:101: step 4 expected");
    }

    @Test
    void aMissingIntermediateTransitionFailsOnlyL2() {
        List<String> produced = new ArrayList<>(RECOVERY);
        produced.remove(4); // the started -> fence line
        LogComparison cmp = LogComparison.compare(RECOVERY, produced, Map.of());
        assertThat(cmp.l1()).isTrue();
        assertThat(cmp.l2Problems()).containsExactly(
                "vm:101: step 3 expected 'vm:101 started->fence node=node3', got 'vm:101 fence->recovery node=node2' (5 vs 4 steps)");
    }

    @Test
    void timingAndTheEmittingMasterDoNotMatter() {
        List<String> produced = RECOVERY.stream()
                .map(l -> l.replace("node1/crm", "node2/crm").replace("   160 ", "   180 ")).toList();
        LogComparison cmp = LogComparison.compare(RECOVERY, produced, Map.of());
        assertThat(cmp.l1()).isTrue();
        assertThat(cmp.l2()).isTrue();
    }

    @Test
    void theSeedGivesResourcesInFlightTheirNode() {
        List<String> log = List.of("info     20    node1/crm: service 'ct:102': state changed from 'migrate' to 'started'");
        ServiceTrace unseeded = ServiceTrace.of(log, Map.of());
        ServiceTrace seeded = ServiceTrace.of(log, Map.of("ct:102", new ServiceTrace.Final("migrate", "node2")));
        assertThat(unseeded.finals().get("ct:102")).isEqualTo(new ServiceTrace.Final("started", "?"));
        assertThat(seeded.finals().get("ct:102")).isEqualTo(new ServiceTrace.Final("started", "node2"));
    }

    @Test
    void anExtraResourceFailsL1() {
        List<String> produced = new ArrayList<>(RECOVERY);
        produced.add("info    260    node1/crm: adding new service 'vm:999' on node 'node1'");
        LogComparison cmp = LogComparison.compare(RECOVERY, produced, Map.of());
        assertThat(cmp.l1Problems()).containsExactly("vm:999: expected absent, got added node=node1");
        assertThat(cmp.l2()).isFalse();
    }

    private static List<String> replace(List<String> lines, String from, String to) {
        return lines.stream().map(l -> l.replace(from, to)).toList();
    }
}
