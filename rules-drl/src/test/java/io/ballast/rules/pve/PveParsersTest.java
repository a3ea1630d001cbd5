package io.ballast.rules.pve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.ballast.rules.config.RuleSet;

class PveParsersTest {

    @Test
    void resourcesCfgFillsDefaultsAndReadsAliases() {
        List<ResourceConfig> r = ResourcesCfgParser.parse("resources.cfg",
                "vm: 101\n\tstate enabled\n\tfailback 0\n\nct: 200\n\tmax_relocate 3\n");
        assertThat(r).containsExactly(
                new ResourceConfig("vm:101", "started", 1, 1, false, null, null, true),
                new ResourceConfig("ct:200", "started", 1, 3, true, null, null, true));
    }

    @Test
    void resourcesCfgErrorNamesLine() {
        assertThatThrownBy(() -> ResourcesCfgParser.parse("resources.cfg", "vm: 101\n\tmax_restart -2\n"))
                .hasMessageContaining("resources.cfg:2").hasMessageContaining("max_restart");
    }

    @Test
    void crsLineIsParsedInPercent() {
        CrsConfig c = DatacenterCrsParser.parse("datacenter.cfg",
                "keyboard: en-us\ncrs: ha=static,ha-auto-rebalance=1,ha-auto-rebalance-threshold=45\n");
        assertThat(c).isEqualTo(new CrsConfig("static", false, true, 45, "bruteforce", 3, 10));
        assertThat(DatacenterCrsParser.parse("datacenter.cfg", "")).isEqualTo(CrsConfig.DEFAULTS);
        assertThatThrownBy(() -> DatacenterCrsParser.parse("dc.cfg", "\ncrs: ha=fancy"))
                .hasMessageContaining("dc.cfg:2").hasMessageContaining("ha='fancy'");
    }

    @Test
    void rulesCfgReadsBareDisableAndRejectsUnknownKeys() {
        RuleSet rules = RulesCfgParser.parse("rules.cfg",
                "node-affinity: a1\n\tresources vm:2,vm:1\n\tnodes node1:2,node2\n\tdisable\n");
        assertThat(rules.nodeAffinity().get(0).disabled()).isTrue();
        assertThat(rules.nodeAffinity().get(0).resources()).containsExactly("vm:1", "vm:2");
        assertThat(rules.nodeAffinity().get(0).nodes()).containsEntry("node1", 2).containsEntry("node2", 0);
        assertThatThrownBy(() -> RulesCfgParser.parse("rules.cfg", "resource-affinity: r1\n\tcolour blue\n"))
                .hasMessageContaining("rules.cfg:2").hasMessageContaining("colour");
    }
}
