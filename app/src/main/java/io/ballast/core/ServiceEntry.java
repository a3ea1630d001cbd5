package io.ballast.core;

import java.util.ArrayList;
import java.util.List;

/** Mutable working copy of one {@link ServiceStatus} while a round runs. */
final class ServiceEntry {
    ServiceState state;
    String node;
    String target;
    String uid;
    boolean running;
    /** null = never failed (Proxmox distinguishes "no list" from "empty list" only for logging). */
    List<String> failedNodes;
    String maintenanceNode;
    ServiceCommand cmd;
    Integer timeout;

    ServiceEntry(ServiceState state, String node, String uid) {
        this.state = state;
        this.node = node;
        this.uid = uid;
    }

    static ServiceEntry of(ServiceStatus s) {
        ServiceEntry e = new ServiceEntry(s.state(), s.node(), s.uid());
        e.target = s.target();
        e.running = s.running();
        e.failedNodes = s.failedNodes().isEmpty() ? null : new ArrayList<>(s.failedNodes());
        e.maintenanceNode = s.maintenanceNode();
        e.cmd = s.cmd();
        e.timeout = s.timeout();
        return e;
    }

    ServiceStatus snapshot() {
        return new ServiceStatus(state, node, target, uid, running, failedNodes, maintenanceNode, cmd, timeout);
    }
}
