package io.ballast.sim;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

import io.ballast.rules.config.RuleSet;
import io.ballast.rules.pve.CrsConfig;

/**
 * Everything one case directory describes (FORMAT.md §1), parsed and validated. Immutable; the simulation
 * copies what it changes at run time.
 *
 * @param rulesText raw {@code rules_config} text, {@code null} when absent (no rules)
 * @param rules parsed rules ({@link RuleSet#EMPTY} when absent)
 * @param groups legacy HA groups by id (empty when absent)
 * @param managerStatus the persisted manager status the case starts from ({@code {}} = fresh cluster)
 * @param staticStats {@code null} when the file is absent (defaults apply)
 * @param dynamicStats {@code null} when the file is absent (defaults apply)
 * @param runningGuests node → sid → running, from optional {@code service_status_<node>} files (absent = nothing runs)
 */
public record SimCase(Path dir, SortedMap<String, NodeSpec> nodes, SortedMap<String, ServiceSpec> services,
        Map<String, Object> managerStatus, String rulesText, RuleSet rules, SortedMap<String, GroupSpec> groups,
        Map<String, Object> datacenter, CrsConfig crs, String shutdownPolicy, int maxWorkers,
        Map<String, StaticStats> staticStats, Map<String, DynamicStats> dynamicStats, List<List<SimCommand>> cmdlist,
        Map<String, Map<String, Boolean>> runningGuests) {

    /** One node of {@code hardware_status}; {@code maxcpu}/{@code maxmem}/{@code pveVersion} may be null. */
    public record NodeSpec(boolean power, boolean network, Double maxcpu, Long maxmem, String pveVersion) {
    }

    /**
     * One HA resource of {@code service_config}, with the simulator's defaults applied (missing state =
     * disabled, enabled = started, failback 1, max_restart 1, max_relocate 1).
     */
    public record ServiceSpec(String node, String state, boolean failback, int maxRestart, int maxRelocate, String group,
            String lock, String comment) {

        public ServiceSpec withNode(String n) {
            return new ServiceSpec(n, state, failback, maxRestart, maxRelocate, group, lock, comment);
        }

        public ServiceSpec withState(String s) {
            return new ServiceSpec(node, s, failback, maxRestart, maxRelocate, group, lock, comment);
        }

        public ServiceSpec withLock(String l) {
            return new ServiceSpec(node, state, failback, maxRestart, maxRelocate, group, l, comment);
        }

        public ServiceSpec withGroup(String g) {
            return new ServiceSpec(node, state, failback, maxRestart, maxRelocate, g, lock, comment);
        }

        public ServiceSpec withFailback(boolean f) {
            return new ServiceSpec(node, state, f, maxRestart, maxRelocate, group, lock, comment);
        }
    }

    /** A legacy HA group: ordered {@code node → priority}, restricted, nofailback. */
    public record GroupSpec(String id, Map<String, Integer> nodes, boolean restricted, boolean nofailback) {
    }

    /** Configured size of a resource: cores (0 = unlimited) and bytes. */
    public record StaticStats(double maxcpu, long maxmem) {
    }

    /** Measured usage of a resource: cores in use and bytes. */
    public record DynamicStats(double cpu, long mem) {
    }
}
