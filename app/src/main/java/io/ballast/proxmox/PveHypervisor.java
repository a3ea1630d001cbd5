package io.ballast.proxmox;

import io.ballast.proxmox.ClusterObservation.PveGuest;
import io.ballast.sim.HypervisorPort;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * The hypervisor port on a real Proxmox VE cluster. Guest locations and power states come from the last
 * {@link ClusterObservation}, corrected by the outcome of this adapter's own tasks until the next one.
 * Every action returns a UPID that is followed to its end ({@link PveTasks}). The outcome is then checked the
 * way Proxmox's own agent checks it: after a start the guest runs, after a stop it does not, after a migration
 * its configuration is on the target node; the task's exit status only decides when the guest cannot be read.
 * An action whose answer was lost is not posted again unless the node's task list proves it never started.
 */
public final class PveHypervisor implements HypervisorPort {

    /** UPIDs this adapter followed recently: a lost answer's task is never mistaken for one of these. */
    private static final int KNOWN_TASKS = 256;

    private final PveClient client;
    private final PveTasks tasks;
    private final ProxmoxProperties props;
    private final Map<String, PveGuest> guests = new ConcurrentHashMap<>();
    private final Set<String> known = Collections.synchronizedSet(Collections.newSetFromMap(
            new LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > KNOWN_TASKS;
                }
            }));

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
        PveTasks.Result r = run(log, g, "start", node, base(g, node) + "/status/start", Map.of());
        String state = verified(log, g, "start", node, r, node, "running");
        if (state != null) {
            guests.put(sid, g.moved(node, state));
        }
    }

    @Override
    public void stop(String node, String sid, Integer timeout, AgentLog log) {
        PveGuest g = guests.get(sid);
        if (g == null) {
            log.log("err", "guest " + sid + " not found");
            return;
        }
        PveTasks.Result r;
        String what;
        if (timeout != null && timeout == 0) {
            what = "stop";
            r = run(log, g, what, node, base(g, node) + "/status/stop", Map.of());
        } else {
            long t = timeout == null ? props.shutdownTimeout().toSeconds() : timeout;
            what = "shutdown";
            // a guest that ignores the shutdown request is stopped hard once the timeout passes
            r = run(log, g, what, node, base(g, node) + "/status/shutdown",
                    Map.of("timeout", Long.toString(t), "forceStop", "1"));
        }
        String state = verified(log, g, what, node, r, node, "stopped");
        if (state != null) {
            guests.put(sid, g.moved(node, state));
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
        if (g.isContainer()) {
            // containers cannot live-migrate: restart migration stops, moves and starts them again
            if (g.running()) {
                form.put("restart", "1");
                form.put("timeout", Long.toString(props.shutdownTimeout().toSeconds()));
            }
        } else if (online) {
            if (g.running()) {
                form.put("online", "1");
            }
            if (props.withLocalDisks()) {
                form.put("with-local-disks", "1");
            }
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
        }
        log.log("info", "service " + sid + " - start " + (online ? "migrate" : "relocate") + " to node '" + target
                + "'");
        PveTasks.Result r = run(log, g, "migrate", node, base(g, node) + "/migrate", form);
        String state = verified(log, g, "migrate", node, r, target, null);
        if (state == null) {
            log.log("err", "service " + sid + " - " + (online ? "migrate" : "relocate") + " to node '" + target
                    + "' failed");
            return false;
        }
        guests.put(sid, g.moved(target, state));
        log.log("info", "service " + sid + " - end " + (online ? "migrate" : "relocate") + " to node '" + target + "'");
        return true;
    }

    private static String base(PveGuest g, String node) {
        return "/nodes/" + node + "/" + g.type() + "/" + g.vmid();
    }

    /** Proxmox's task type of an action ("qmstart", "vzmigrate", ...), as listed in the task lists. */
    private static String kind(PveGuest g, String what) {
        String prefix = g.isContainer() ? "vz" : "qm";
        return what.equals("migrate") && !g.isContainer() ? "qmigrate" : prefix + what;
    }

    /**
     * Posts an action and follows its task. When the answer was lost, follows the task the node lists for it
     * instead, and posts again only when the node's task list shows none.
     */
    private PveTasks.Result run(AgentLog log, PveGuest g, String what, String node, String path,
                                Map<String, String> form) {
        String sid = g.sid();
        long postedAt = System.currentTimeMillis() / 1000;
        for (int post = 0; ; post++) {
            String upid;
            try {
                upid = client.post(path, form).asString("");
            } catch (PveAuthException e) {
                throw e;
            } catch (PveAmbiguousException e) {
                PveTasks.Lookup found = tasks.find(node, kind(g, what), g.vmid(), postedAt, known);
                if (found.upid() != null) {
                    log.log("warning", what + " " + sid + " on " + node + ": answer lost (" + e.getMessage()
                            + "), following its task " + found.upid());
                    upid = found.upid();
                } else if (found.notStarted() && post == 0) {
                    log.log("warning", what + " " + sid + " on " + node + ": answer lost (" + e.getMessage()
                            + ") and node " + node + " lists no such task: posting again");
                    continue;
                } else {
                    String why = found.notStarted() ? "no task again" : found.unknown();
                    return failed("answer lost (" + e.getMessage() + "); " + why + "; not posted again");
                }
            } catch (PveException e) {
                return failed("refused: " + e.getMessage());
            }
            if (!upid.startsWith("UPID:")) {
                return failed("no task id in the answer");
            }
            known.add(upid);
            PveTasks.Result r = tasks.await(node, upid);
            if (r.ok() && !"OK".equals(r.exitStatus())) {
                log.log("warning", what + " " + sid + " on " + node + " ended with " + r.describe());
            }
            return r;
        }
    }

    /** A failure before any task could be followed; logged with the outcome check. */
    private static PveTasks.Result failed(String why) {
        return new PveTasks.Result(false, why, List.of());
    }

    /**
     * The guest's power state on {@code where} after the action, or null when the action did not reach its goal:
     * the guest's configuration must be on {@code where} and, if {@code want} is given, the guest in that state.
     * When the guest cannot be read there, the task's result decides. Logs the failure, or a task failure that the
     * guest's state overrides.
     */
    private String verified(AgentLog log, PveGuest g, String what, String node, PveTasks.Result task, String where,
                            String want) {
        String action = what + " " + g.sid() + " on " + node;
        String state;
        String seen;
        try {
            state = client.getBounded(base(g, where) + "/status/current").path("status").asString("unknown");
            seen = "the guest is " + state + (where.equals(node) ? "" : " on " + where);
        } catch (PveAuthException e) {
            throw e;
        } catch (PveException e) {
            if (e.status() != 500 || !String.valueOf(e.getMessage()).contains("does not exist")) {
                // cannot check: go by the task, as the guest's state is unknown
                if (!task.ok()) {
                    log.log("err", action + " failed: " + task.describe());
                    return null;
                }
                return want != null ? want : g.running() ? "running" : "stopped";
            }
            state = null;
            seen = "the guest is not on " + where;
        }
        if (state == null || want != null && !want.equals(state)) {
            log.log("err", action + (task.ok() ? " ended " + task.exitStatus() + " but " + seen
                    : " failed: " + task.describe()));
            return null;
        }
        if (!task.ok()) {
            log.log("warning", action + ": the task did not end OK (" + task.describe() + "), but " + seen
                    + ", so the " + what + " is done");
        }
        return state;
    }
}
