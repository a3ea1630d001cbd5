package io.ballast.manager.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.core.Decision;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The decision line's layout (docs/operations.md#logs) and the kind of each decision the core takes. */
class DecisionLogFormatTest {

    @Test
    void lineHasEveryFieldInOrderQuotedWhereNeeded() {
        Decision d = new Decision("vm:100", "state-machine", "started -> migrate",
                "target = node2; placement: \"least\" loaded\nnode", new Decision.Place("started", "node1", null),
                new Decision.Place("migrate", "node1", "node2"), List.of(), List.of());
        String line = DecisionLog.format(7, DecisionLog.kind(d), d, Map.of("state", "started", "node", "node1"),
                Map.of("state", "migrate", "node", "node1", "target", "node2"));
        assertThat(line).isEqualTo("decision round=7 kind=migrate subject=vm:100 action=\"started -> migrate\" from=node1"
                + " to=node2 trigger=state-machine reason=\"target = node2; placement: \\\"least\\\" loaded node\"");
    }

    @Test
    void missingValuesAreADash() {
        Decision d = new Decision("node2", "node-status", "online -> fence", "membership or LRM mode changed");
        String line = DecisionLog.format(3, DecisionLog.kind(d), d, Map.of("state", "online"), Map.of("state", "fence"));
        assertThat(line).isEqualTo("decision round=3 kind=fence subject=node2 action=\"online -> fence\" from=- to=-"
                + " trigger=node-status reason=\"membership or LRM mode changed\"");
        assertThat(DecisionLog.token("a b")).isEqualTo("\"a b\"");
        assertThat(DecisionLog.token("")).isEqualTo("-");
    }

    @Test
    void kindsAreFewAndStable() {
        assertThat(kind("vm:1", "fence-acknowledged", "recover to node2")).isEqualTo("recovery");
        assertThat(kind("vm:1", "state-machine", "fence -> recovery")).isEqualTo("recovery");
        assertThat(kind("vm:1", "state-machine", "started -> relocate")).isEqualTo("relocate");
        assertThat(kind("vm:1", "state-machine", "request_start -> started")).isEqualTo("start");
        assertThat(kind("vm:1", "state-machine", "started -> error")).isEqualTo("error");
        assertThat(kind("vm:1", "auto-rebalance", "migrate to node3")).isEqualTo("rebalance");
        assertThat(kind("vm:1", "maintenance", "evacuate to node3")).isEqualTo("maintenance");
        assertThat(kind("node1", "command", "maintenance requested")).isEqualTo("maintenance");
        assertThat(kind("cluster", "command", "disarm freeze")).isEqualTo("arm");
        assertThat(kind("cluster", "command", "arm")).isEqualTo("arm");
        assertThat(kind("vm:1", "command", "reject migrate vm:1 node2")).isEqualTo("refused");
        assertThat(kind("node1", "node-status", "unknown -> online")).isEqualTo("node-state");
        assertThat(kind("vm:1", "config", "add as request_start")).isEqualTo("config");
        assertThat(kind("p120-8b128724", "proposal", "propose")).isEqualTo("proposal");
        assertThat(kind("vm:1", "proposal", "migrate to node2")).as("a move of an applied proposal").isEqualTo("rebalance");
        assertThat(kind("vm:1", "something-new", "x")).isEqualTo("other");
        assertThat(io.ballast.metrics.BallastMetrics.KINDS).contains("fence", "recovery", "migrate", "relocate",
                "rebalance", "maintenance", "arm", "refused", "other");
    }

    private static String kind(String subject, String trigger, String action) {
        return DecisionLog.kind(new Decision(subject, trigger, action, "x"));
    }
}
