package io.ballast.core;

import java.util.List;

/**
 * One {@code service_status} entry of the persisted manager status (spec §1.5).
 *
 * @param state           CRM service state
 * @param node            current node
 * @param target          destination while migrate/relocate/request_start_balance, else null
 * @param uid             id of the current request to the LRM; LRM results are matched by it
 * @param running         LRM confirmed a successful start (only meaningful in started)
 * @param failedNodes     nodes where starting failed (insertion order), empty if none
 * @param maintenanceNode node the service was evacuated from, or null
 * @param cmd             pending command, or null
 * @param timeout         stop timeout handed to the LRM (request_stop from a stop command), or null
 */
public record ServiceStatus(ServiceState state, String node, String target, String uid, boolean running,
                            List<String> failedNodes, String maintenanceNode, ServiceCommand cmd, Integer timeout) {
    public ServiceStatus {
        failedNodes = failedNodes == null ? List.of() : List.copyOf(failedNodes);
    }
}
