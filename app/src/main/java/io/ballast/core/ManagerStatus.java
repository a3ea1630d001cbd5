package io.ballast.core;

import java.util.Collections;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The persisted manager status (spec §1.5); must survive a master fail-over. The "last seen online" timers
 * are deliberately not part of it.
 *
 * @param masterNode          node that wrote it (informational), may be null
 * @param timestamp           time of the write in seconds
 * @param nodeStatus          node → CRM node state
 * @param maintenanceRequests nodes with {@code node_request[node].maintenance = 1}
 * @param disarm              disarm request/state, or null when armed
 * @param serviceStatus       sid → entry
 * @param rebalanceHold       consecutive rounds the imbalance stayed above the rebalancing threshold (spec §6.3
 *                            hold duration); Ballast persists it so a restarted service continues counting, while
 *                            the simulator's status file leaves it out (5.2 restarts the count with a new master)
 */
public record ManagerStatus(String masterNode, long timestamp, SortedMap<String, NodeState> nodeStatus,
                            SortedSet<String> maintenanceRequests, DisarmStatus disarm,
                            SortedMap<String, ServiceStatus> serviceStatus, int rebalanceHold) {

    public static final ManagerStatus EMPTY = new ManagerStatus(null, 0, new TreeMap<>(), new TreeSet<>(), null,
            new TreeMap<>());

    public ManagerStatus(String masterNode, long timestamp, SortedMap<String, NodeState> nodeStatus,
                         SortedSet<String> maintenanceRequests, DisarmStatus disarm,
                         SortedMap<String, ServiceStatus> serviceStatus) {
        this(masterNode, timestamp, nodeStatus, maintenanceRequests, disarm, serviceStatus, 0);
    }

    public ManagerStatus {
        nodeStatus = Collections.unmodifiableSortedMap(new TreeMap<>(nodeStatus));
        maintenanceRequests = Collections.unmodifiableSortedSet(new TreeSet<>(maintenanceRequests));
        serviceStatus = Collections.unmodifiableSortedMap(new TreeMap<>(serviceStatus));
    }
}
