package io.ballast.core;

import io.ballast.planner.usage.NodeStats;
import io.ballast.planner.usage.ResourceStats;
import io.ballast.rules.config.RuleSet;
import io.ballast.rules.pve.CrsConfig;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * Everything one manager round reads (spec §1.8). Built by the environment (simulator or live service).
 *
 * @param now             current time in seconds (the round's timestamp)
 * @param masterNode      node running this manager
 * @param previous        manager status as last persisted ({@link ManagerStatus#EMPTY} for a fresh cluster)
 * @param clusterNodes    every node of the cluster configuration (membership list, online or not)
 * @param onlineMembers   nodes that are quorate cluster members now (empty without quorum)
 * @param lrmStatus       node → last LRM report (absent if the node never reported)
 * @param services        sid → configured HA resource (with its guest's real node)
 * @param rules           configured rules ({@link RuleSet#EMPTY} if none)
 * @param groups          legacy HA groups (empty if none)
 * @param crs             CRS settings, re-read every round
 * @param nodeStats       node → capacity/measured usage (static/dynamic modes), may miss nodes
 * @param serviceStats    sid → size and measured usage (static/dynamic modes)
 * @param commands        queued CRM commands in order (text from Proxmox's queue read by {@link CrmCommand#parse})
 * @param freeAgentLocks  nodes whose agent lock the manager could take right now (never held, released,
 *                        or expired); taking one for a fenced node acknowledges the fence (spec §2.2)
 * @param proposal        the open or applied rebalancing proposal as the environment stores it (operator's apply
 *                        or dismiss included), null when there is none
 */
public record RoundInput(long now, String masterNode, ManagerStatus previous, SortedSet<String> clusterNodes,
                         Set<String> onlineMembers, Map<String, LrmStatus> lrmStatus,
                         SortedMap<String, ServiceConfig> services, RuleSet rules, List<HaGroup> groups,
                         CrsConfig crs, Map<String, NodeStats> nodeStats, Map<String, ResourceStats> serviceStats,
                         List<CrmCommand> commands, Set<String> freeAgentLocks, Proposal proposal) {

    /** ... without a proposal (environments that keep none: conformance cases, what-if, benches). */
    public RoundInput(long now, String masterNode, ManagerStatus previous, SortedSet<String> clusterNodes,
                      Set<String> onlineMembers, Map<String, LrmStatus> lrmStatus,
                      SortedMap<String, ServiceConfig> services, RuleSet rules, List<HaGroup> groups,
                      CrsConfig crs, Map<String, NodeStats> nodeStats, Map<String, ResourceStats> serviceStats,
                      List<CrmCommand> commands, Set<String> freeAgentLocks) {
        this(now, masterNode, previous, clusterNodes, onlineMembers, lrmStatus, services, rules, groups, crs,
                nodeStats, serviceStats, commands, freeAgentLocks, null);
    }
}
