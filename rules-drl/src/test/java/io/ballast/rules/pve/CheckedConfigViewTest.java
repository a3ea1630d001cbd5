package io.ballast.rules.pve;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules-check "Config" view: merged, implicit and inherited rules as Proxmox lists them. */
class CheckedConfigViewTest {

    private static Map<String, Object> view(String text) {
        return CheckedConfigView.of(RulesCfgParser.parse("t", text), RulesCfgParser.writtenKeys("t", text), "d");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> ids(Map<String, Object> v) {
        return (Map<String, Object>) v.get("ids");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> order(Map<String, Object> v) {
        return (Map<String, Object>) v.get("order");
    }

    @Test
    void chainOfKeepTogetherRulesMergesInBreadthFirstOrderWithTheSmallestOrdinal() {
        Map<String, Object> v = view("""
                resource-affinity: apart
                \tresources vm:9,vm:8
                \taffinity negative

                resource-affinity: ra
                \tresources vm:1,vm:2
                \taffinity positive

                resource-affinity: rd
                \tresources vm:4,vm:5
                \taffinity positive

                resource-affinity: rc
                \tresources vm:3,vm:4
                \taffinity positive

                resource-affinity: rb
                \tresources vm:2,vm:3
                \taffinity positive
                """);
        // ra touches rb only; rb brings rc; rc brings rd
        assertThat(ids(v)).containsOnlyKeys("apart", "_merged-ra-rb-rc-rd");
        assertThat(order(v)).containsEntry("_merged-ra-rb-rc-rd", 2).containsEntry("apart", 1);
        assertThat((Map<String, Object>) ids(v).get("_merged-ra-rb-rc-rd"))
                .containsEntry("resources", Map.of("vm:1", 1, "vm:2", 1, "vm:3", 1, "vm:4", 1, "vm:5", 1));
    }

    @Test
    void keepSeparatePartnerOfOneMemberYieldsImplicitRulesAtSmallestOrdinalPlusOne() {
        Map<String, Object> v = view("""
                resource-affinity: together
                \tresources vm:1,vm:2,vm:3
                \taffinity positive

                resource-affinity: apart
                \tresources vm:3,vm:7
                \taffinity negative
                """);
        assertThat(ids(v)).containsOnlyKeys("together", "apart", "_implicit-negative-together-vm:1-vm:7",
                "_implicit-negative-together-vm:2-vm:7");
        assertThat(order(v)).containsEntry("_implicit-negative-together-vm:1-vm:7", 2)
                .containsEntry("_implicit-negative-together-vm:2-vm:7", 2).containsEntry("apart", 2);
    }

    @Test
    void nodeRuleGainsTheWholeGroupAndWrittenDefaultsAreListed() {
        Map<String, Object> v = view("""
                node-affinity: pin
                \tresources vm:1
                \tnodes node1
                \tstrict 0

                resource-affinity: together
                \tresources vm:1,vm:2
                \taffinity positive

                node-affinity: off
                \tresources vm:5
                \tnodes node2
                \tdisable 1
                """);
        assertThat((Map<String, Object>) ids(v).get("pin")).containsEntry("strict", 0)
                .containsEntry("resources", Map.of("vm:1", 1, "vm:2", 1));
        assertThat((Map<String, Object>) ids(v).get("off")).containsEntry("disable", 1).doesNotContainKey("strict")
                .containsEntry("resources", Map.of("vm:5", 1));
    }
}
