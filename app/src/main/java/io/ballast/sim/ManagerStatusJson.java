package io.ballast.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import io.ballast.core.DisarmStatus;
import io.ballast.core.ManagerStatus;
import io.ballast.core.NodeState;
import io.ballast.core.ServiceCommand;
import io.ballast.core.ServiceState;
import io.ballast.core.ServiceStatus;

/** Reads the kit's {@code manager_status} JSON (FORMAT.md §1.3) into the core's {@link ManagerStatus}. */
public final class ManagerStatusJson {

    private ManagerStatusJson() {
    }

    public static ManagerStatus read(String file, Map<String, Object> raw) {
        if (raw.isEmpty()) {
            return ManagerStatus.EMPTY;
        }
        try {
            SortedMap<String, NodeState> nodes = new TreeMap<>();
            if (raw.get("node_status") instanceof Map<?, ?> ns) {
                ns.forEach((k, v) -> nodes.put(k.toString(), NodeState.parse(v.toString())));
            }
            SortedSet<String> maintenance = new TreeSet<>();
            if (raw.get("node_request") instanceof Map<?, ?> nr) {
                nr.forEach((k, v) -> {
                    if (v instanceof Map<?, ?> req && truthy(req.get("maintenance"))) {
                        maintenance.add(k.toString());
                    }
                });
            }
            DisarmStatus disarm = null;
            if (raw.get("disarm") instanceof Map<?, ?> d) {
                disarm = new DisarmStatus(str(d.get("mode")), str(d.get("state")));
            }
            SortedMap<String, ServiceStatus> services = new TreeMap<>();
            if (raw.get("service_status") instanceof Map<?, ?> ss) {
                for (var e : ss.entrySet()) {
                    services.put(e.getKey().toString(), service(e.getKey().toString(), (Map<?, ?>) e.getValue()));
                }
            }
            long ts = raw.get("timestamp") instanceof Number n ? n.longValue() : 0;
            // Ballast's own key (the service's database writes it); Proxmox status files never carry it
            int hold = raw.get("rebalance_hold") instanceof Number h ? h.intValue() : 0;
            return new ManagerStatus(str(raw.get("master_node")), ts, nodes, maintenance, disarm, services, hold);
        } catch (RuntimeException e) {
            throw new CaseLoadException(file, "invalid manager status - " + e.getMessage(), e);
        }
    }

    private static ServiceStatus service(String sid, Map<?, ?> m) {
        if (m.get("state") == null || m.get("node") == null) {
            throw new IllegalArgumentException("service '" + sid + "' needs state and node");
        }
        List<String> failed = new ArrayList<>();
        if (m.get("failed_nodes") instanceof List<?> l) {
            l.forEach(x -> failed.add(x.toString()));
        }
        ServiceCommand cmd = null;
        if (m.get("cmd") instanceof List<?> c && !c.isEmpty()) {
            String action = c.get(0).toString();
            Object p = c.size() > 1 ? c.get(1) : null;
            cmd = action.equals("stop") ? ServiceCommand.stop(p == null ? 0 : Integer.parseInt(p.toString()))
                    : ServiceCommand.move(action, p == null ? null : p.toString());
        }
        Integer timeout = m.get("timeout") == null ? null : Integer.valueOf(m.get("timeout").toString());
        return new ServiceStatus(ServiceState.parse(m.get("state").toString()), m.get("node").toString(),
                str(m.get("target")), str(m.get("uid")), truthy(m.get("running")), failed, str(m.get("maintenance_node")),
                cmd, timeout);
    }

    private static boolean truthy(Object o) {
        return o != null && !o.toString().equals("0") && !o.toString().isEmpty();
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
