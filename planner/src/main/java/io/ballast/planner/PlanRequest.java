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
     * @param relocate        the unit moves by stop and start (a container), which counts as more disruption
     *                        than a live migration
     */
    public record Unit(String id, List<String> members, double cpu, long mem, String currentNode,
                       Map<String, Integer> allowed, String maintenanceNode, boolean failback, boolean relocate) {

        /** A unit that moves by live migration. */
        public Unit(String id, List<String> members, double cpu, long mem, String currentNode,
                    Map<String, Integer> allowed, String maintenanceNode, boolean failback) {
            this(id, members, cpu, mem, currentNode, allowed, maintenanceNode, failback, false);
        }

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
     * @param target                imbalance (fraction) the plan must reach; below it no migration is made for
     *                              balance alone (the objective: rules, then the target, then the least
     *                              disruption, then the residual imbalance). Null: the policy's threshold, or
     *                              0 (balance as far as possible) without a policy
     * @param seed                  solver random seed
     * @param stepLimit             local search step limit (0 = construction only)
     * @param unimprovedStepLimit   stop after this many steps without improvement
     * @param policy                threshold/margin for pure rebalancing plans; null = always return the plan
     * @param fixStationary         plan only units without a node (a failover batch): every other unit stays
     *                              and is folded into its node as fixed load, which keeps the solve small
     */
    public record Settings(boolean memoryLimit, int maxMigrationsPerNode, int maxMigrationsCluster,
                           Double target, long seed, int stepLimit, int unimprovedStepLimit,
                           AutoRebalancePolicy policy, boolean fixStationary) {
        public static Settings defaults() {
            return new Settings(true, 1, 4, null, 0, 2_000, 200, null, false);
        }

        /** The imbalance the plan aims at: {@code target}, else the policy's threshold, else 0. */
        public double targetImbalance() {
            return target != null ? target : policy != null ? policy.threshold() : 0;
        }

        public Settings {
            if (maxMigrationsPerNode < 1 || maxMigrationsCluster < 1) {
                throw new IllegalArgumentException("migration caps must be >= 1");
            }
            if (target != null && !(target >= 0 && target <= 1)) {
                throw new IllegalArgumentException("target imbalance must be a fraction 0..1");
            }
            if (stepLimit < 0 || unimprovedStepLimit < 0) {
                throw new IllegalArgumentException("step limits must be >= 0");
            }
        }
    }
}
