package io.ballast.proxmox;

import io.ballast.proxmox.ClusterObservation.PveGuest;
import io.ballast.sim.HypervisorPort;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;


/**
 * The hypervisor port on a real Proxmox VE cluster. Guest locations and power states come from the last
 * {@link ClusterObservation}, corrected by the outcome of this adapter's own tasks until the next one.
 * Every action returns a UPID that is followed to its end ({@link PveTasks}).
 */
public final class PveHypervisor implements HypervisorPort {

    private final PveClient client;
    private final PveTasks tasks;
    private final ProxmoxProperties props;
    private final Map<String, PveGuest> guests = new ConcurrentHashMap<>();

    public PveHypervisor(PveClient client, PveTasks tasks, ProxmoxProperties props) {
        this.client = client;
        this.tasks = tasks;
        this.props = props;
    }

    /** Takes over a fresh observation (drops what this adapter learnt from its own tasks). */
    public void refresh(ClusterObservation obs) {
        guests.clear();
        guests.putAll(obs.guests());
    }

    /** Recovery moved the guest's configuration off a fenced node (outside the API, see {@link GuestConfigMover}). */
    void configMoved(String sid, String toNode) {
        guests.computeIfPresent(sid, (k, g) -> g.moved(toNode, "stopped"));
    }

    PveGuest guest(String sid) {
        return guests.get(sid);
    }

    @Override
    public String configuredNode(String sid) {
        PveGuest g = guests.get(sid);
        return g == null ? null : g.node();
    }

    @Override
    public String configLock(String sid) {
        PveGuest g = guests.get(sid);
        return g == null ? null : g.lock();
    }

    @Override
    public boolean isRunning(String node, String sid) {
        PveGuest g = guests.get(sid);
        return g != null && g.node().equals(node) && g.running();
    }

    @Override
    public void start(String node, String sid, AgentLog log) {
        PveGuest g = guests.get(sid);
        if (g == null) {
            log.log("err", "guest " + sid + " not found");
            return;
        }
        if (run(log, sid, "start", node, base(g, node) + "/status/start", Map.of())) {
            guests.put(sid, g.moved(node, "running"));
        }
    }

    @Override
    public void stop(String node, String sid, Integer timeout, AgentLog log) {
        PveGuest g = guests.get(sid);
        if (g == null) {
            log.log("err", "guest " + sid + " not found");
            return;
        }
        boolean ok;
        if (timeout != null && timeout == 0) {
            ok = run(log, sid, "stop", node, base(g, node) + "/status/stop", Map.of());
        } else {
            long t = timeout == null ? props.shutdownTimeout().toSeconds() : timeout;
            // a guest that ignores the shutdown request is stopped hard once the timeout passes
            ok = run(log, sid, "shutdown", node, base(g, node) + "/status/shutdown",
                    Map.of("timeout", Long.toString(t), "forceStop", "1"));
        }
        if (ok) {
            guests.put(sid, g.moved(node, "stopped"));
        }
    }

    @Override
    public boolean move(String node, String sid, String target, boolean online, AgentLog log) {
        PveGuest g = guests.get(sid);
        if (g == null) {
            log.log("err", "guest " + sid + " not found");
            return false;
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("target", target);
        String newStatus;
        if (g.isContainer()) {
            // containers cannot live-migrate: restart migration stops, moves and starts them again
            if (g.running()) {
                form.put("restart", "1");
                form.put("timeout", Long.toString(props.shutdownTimeout().toSeconds()));
            }
            newStatus = g.running() ? "running" : "stopped";
        } else if (online) {
            if (g.running()) {
                form.put("online", "1");
            }
            if (props.withLocalDisks()) {
                form.put("with-local-disks", "1");
            }
            newStatus = g.running() ? "running" : "stopped";
        } else {
            // relocation of a VM: shut down, migrate offline, the agent starts it on the target later
            if (g.running()) {
                stop(node, sid, null, log);
                if (isRunning(node, sid)) {
                    return false;
                }
                g = guests.get(sid);
            }
            if (props.withLocalDisks()) {
                form.put("with-local-disks", "1");
            }
            newStatus = "stopped";
        }
        log.log("info", "service " + sid + " - start " + (online ? "migrate" : "relocate") + " to node '" + target
                + "'");
        if (!run(log, sid, "migrate", node, base(g, node) + "/migrate", form)) {
            log.log("err", "service " + sid + " - " + (online ? "migrate" : "relocate") + " to node '" + target
                    + "' failed");
            return false;
        }
        guests.put(sid, g.moved(target, newStatus));
        log.log("info", "service " + sid + " - end " + (online ? "migrate" : "relocate") + " to node '" + target + "'");
        return true;
    }

    private static String base(PveGuest g, String node) {
        return "/nodes/" + node + "/" + g.type() + "/" + g.vmid();
    }

    /** Posts an action and follows its task; false (with the reason logged) on any failure. */
    private boolean run(AgentLog log, String sid, String what, String node, String path, Map<String, String> form) {
        String upid;
        try {
            upid = client.post(path, form).asString("");
        } catch (PveAuthException e) {
            throw e;
        } catch (PveException e) {
            log.log("err", what + " " + sid + " on " + node + " refused: " + e.getMessage());
            return false;
        }
        if (!upid.startsWith("UPID:")) {
            log.log("err", what + " " + sid + " on " + node + ": no task id in the answer");
            return false;
        }
        PveTasks.Result r = tasks.await(node, upid);
        if (!r.ok()) {
            log.log("err", what + " " + sid + " on " + node + " failed: " + r.describe());
        }
        return r.ok();
    }
}
