package io.ballast.planner;

import io.ballast.planner.rebalance.AutoRebalancePolicy;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Input of one Timefold solve: place a batch (failed node, evacuation) and/or rebalance.
 *
 * @param units    placement units (a keep-together group or a single resource)
 * @param nodes    online nodes with capacity
 * @param separate pairs of unit ids that must not share a node
 * @param settings solver and execution settings
 */
public record PlanRequest(List<Unit> units, List<Node> nodes, List<SeparatePair> separate, Settings settings) {

    public PlanRequest {
        units = List.copyOf(units);
        nodes = List.copyOf(nodes);
        separate = List.copyOf(separate);
        Objects.requireNonNull(settings, "settings");
    }

    /**
     * @param id              unit id (the leader sid for a group)
     * @param members         resource ids moved together, sorted
     * @param cpu             CPU demand in cores
     * @param mem             memory demand in bytes
     * @param currentNode     where it runs now; null when it must be placed (its node failed)
     * @param allowed         allowed online nodes with their priority class (higher is preferred)
     * @param maintenanceNode node to return to after maintenance, or null
     * @param failback        whether a higher-priority node should win over staying put
     */
    public record Unit(String id, List<String> members, double cpu, long mem, String currentNode,
                       Map<String, Integer> allowed, String maintenanceNode, boolean failback) {
        public Unit {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("unit id is required");
            }
            if (allowed == null || allowed.isEmpty()) {
                throw new IllegalArgumentException("unit '" + id + "': allowed nodes must not be empty");
            }
            if (cpu < 0 || mem < 0) {
                throw new IllegalArgumentException("unit '" + id + "': cpu and mem must be >= 0");
            }
            members = List.copyOf(members);
            allowed = Map.copyOf(allowed);
        }
    }

    /** An online node; capacity in cores and bytes (both > 0). */
    public record Node(String name, double maxCpu, long maxMem) {
        public Node {
            if (maxCpu <= 0 || maxMem <= 0) {
                throw new IllegalArgumentException("node '" + name + "': maxcpu and maxmem must be > 0");
            }
        }
    }

    public record SeparatePair(String a, String b) {
    }

    /**
     * @param memoryLimit           hard limit: a node's memory demand must not exceed maxmem
     * @param maxMigrationsPerNode  concurrent migrations touching one node (source or target) per wave
     * @param maxMigrationsCluster  concurrent migrations per wave in the cluster
     * @param migrationCost         scale-free cost of one migration: a move must shift an average-sized unit
     *                              across this fraction of the start's load spread (capacity-weighted standard
     *                              deviation of node utilisation) to pay for itself; 0 = migrations are free
     * @param seed                  solver random seed
     * @param stepLimit             local search step limit (0 = construction only)
     * @param unimprovedStepLimit   stop after this many steps without improvement
     * @param policy                threshold/margin for pure rebalancing plans; null = always return the plan
     * @param fixStationary         plan only units without a node (a failover batch): every other unit stays
     *                              and is folded into its node as fixed load, which keeps the solve small
     */
    public record Settings(boolean memoryLimit, int maxMigrationsPerNode, int maxMigrationsCluster,
                           double migrationCost, long seed, int stepLimit, int unimprovedStepLimit,
                           AutoRebalancePolicy policy, boolean fixStationary) {
        /** Cost share used when nothing else is configured (measured from 8 to 64 nodes, docs/performance.md). */
        public static final double DEFAULT_MIGRATION_COST = 0.5;

        public static Settings defaults() {
            return new Settings(true, 1, 4, DEFAULT_MIGRATION_COST, 0, 2_000, 200, null, false);
        }

        public Settings {
            if (maxMigrationsPerNode < 1 || maxMigrationsCluster < 1) {
                throw new IllegalArgumentException("migration caps must be >= 1");
            }
            if (migrationCost < 0 || stepLimit < 0 || unimprovedStepLimit < 0) {
                throw new IllegalArgumentException("migration cost and step limits must be >= 0");
            }
        }
    }
}
