package io.ballast.core;

import java.util.Collections;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The persisted manager status (spec §1.5); must survive a master fail-over. In-memory timers (last
 * seen online, rebalance hold counter) are deliberately not part of it.
 *
 * @param masterNode          node that wrote it (informational), may be null
 * @param timestamp           time of the write in seconds
 * @param nodeStatus          node → CRM node state
 * @param maintenanceRequests nodes with {@code node_request[node].maintenance = 1}
 * @param disarm              disarm request/state, or null when armed
 * @param serviceStatus       sid → entry
 */
public record ManagerStatus(String masterNode, long timestamp, SortedMap<String, NodeState> nodeStatus,
                            SortedSet<String> maintenanceRequests, DisarmStatus disarm,
                            SortedMap<String, ServiceStatus> serviceStatus) {

    public static final ManagerStatus EMPTY = new ManagerStatus(null, 0, new TreeMap<>(), new TreeSet<>(), null,
            new TreeMap<>());

    public ManagerStatus {
        nodeStatus = Collections.unmodifiableSortedMap(new TreeMap<>(nodeStatus));
        maintenanceRequests = Collections.unmodifiableSortedSet(new TreeSet<>(maintenanceRequests));
        serviceStatus = Collections.unmodifiableSortedMap(new TreeMap<>(serviceStatus));
    }
}
