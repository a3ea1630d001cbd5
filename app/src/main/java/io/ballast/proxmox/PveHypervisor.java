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

    // ---- steps: post now, follow across rounds ---------------------------------------------------------

    /** A step that was posted: its task, or why it could not be posted. */
    public record Posted(String upid, String failure) {
        static Posted failed(String why) {
            return new Posted(null, why);
        }
    }

    /**
     * Posts the hypervisor step of {@code task} on its node and returns at once with the task's UPID. When the
     * answer is lost, the node's task list decides: its task is followed, or, when the list proves none started,
     * the step is posted once more. {@code known} holds tasks of earlier steps, never mistaken for this one.
     */
    public Posted post(AgentTask task, Set<String> known, AgentLog log) {
        PveGuest g = guests.get(task.sid());
        if (g == null) {
            return Posted.failed("guest " + task.sid() + " not found");
        }
        String node = task.node();
        String what = what(task.step());
        Map<String, String> form = form(task, g);
        String path = switch (task.step()) {
            case "start" -> base(g, node) + "/status/start";
            case "stop" -> base(g, node) + "/status/stop";
            case "shutdown" -> base(g, node) + "/status/shutdown";
            case "migrate", "relocate" -> base(g, node) + "/migrate";
            default -> throw new IllegalArgumentException("not a hypervisor step: " + task.step());
        };
        long postedAt = task.postedAt();
        for (int post = 0; ; post++) {
            String upid;
            try {
                upid = client.post(path, form).asString("");
            } catch (PveAuthException e) {
                throw e;
            } catch (PveAmbiguousException e) {
                PveTasks.Lookup found = tasks.find(node, kind(g, what), g.vmid(), postedAt, union(known));
                if (found.upid() != null) {
                    log.log("warning", what + " " + g.sid() + " on " + node + ": answer lost (" + e.getMessage()
                            + "), following its task " + found.upid());
                    upid = found.upid();
                } else if (found.notStarted() && post == 0) {
                    log.log("warning", what + " " + g.sid() + " on " + node + ": answer lost (" + e.getMessage()
                            + ") and node " + node + " lists no such task: posting again");
                    continue;
                } else {
                    String why = found.notStarted() ? "no task again" : found.unknown();
                    return Posted.failed("answer lost (" + e.getMessage() + "); " + why + "; not posted again");
                }
            } catch (PveException e) {
                return Posted.failed("refused: " + e.getMessage());
            }
            if (!upid.startsWith("UPID:")) {
                return Posted.failed("no task id in the answer");
            }
            this.known.add(upid);
            if (diverted(upid)) {
                // the task only hands the request to Proxmox's HA stack: the action itself is not ours to follow
                return Posted.failed("Proxmox VE turned the " + what + " into a request to its own HA manager (task "
                        + upid + "): " + g.sid() + " is an HA resource there; set it to ignored there (ha-manager set "
                        + g.sid() + " --state ignored) or remove it");
            }
            return new Posted(upid, null);
        }
    }

    /**
     * A step an earlier manager (or this one before a crash) was posting when it stopped: the task the node lists
     * for it since it was posted, {@link PveTasks.Lookup#NOT_STARTED} when the node's list proves there is none.
     */
    public PveTasks.Lookup resolve(AgentTask task, Set<String> known) {
        PveGuest g = guests.get(task.sid());
        if (g == null) {
            return new PveTasks.Lookup(null, "guest " + task.sid() + " not found");
        }
        return tasks.find(task.node(), kind(g, what(task.step())), g.vmid(), task.postedAt(), union(known));
    }

    /** One look at a posted step's task: null while it runs. */
    public PveTasks.Result poll(String node, String upid) {
        return tasks.poll(node, upid);
    }

    /**
     * Whether a step whose task ended reached its goal, checked on the guest as Proxmox's agent checks it (started:
     * it runs; stopped: it does not; moved: its configuration is on the target). Updates this round's view.
     */
    public boolean reached(AgentTask task, PveTasks.Result result, AgentLog log) {
        PveGuest g = guests.get(task.sid());
        if (g == null) {
            log.log("err", "guest " + task.sid() + " not found");
            return false;
        }
        if (result.ok() && !"OK".equals(result.exitStatus())) {
            log.log("warning", what(task.step()) + " " + g.sid() + " on " + task.node() + " ended with "
                    + result.describe());
        }
        boolean move = task.migration();
        String where = move ? task.target() : task.node();
        String want = switch (task.step()) {
            case "start" -> "running";
            case "stop", "shutdown" -> "stopped";
            default -> null;
        };
        String state = verified(log, g, what(task.step()), task.node(), result, where, want);
        if (state == null) {
            return false;
        }
        guests.put(g.sid(), g.moved(where, state));
        return true;
    }

    private static String what(String step) {
        return step.equals("relocate") ? "migrate" : step;
    }

    private Map<String, String> form(AgentTask task, PveGuest g) {
        Map<String, String> form = new LinkedHashMap<>();
        switch (task.step()) {
            case "shutdown" -> {
                long t = task.timeout() == null ? props.shutdownTimeout().toSeconds() : task.timeout();
                // a guest that ignores the shutdown request is stopped hard once the timeout passes
                form.put("timeout", Long.toString(t));
                form.put("forceStop", "1");
            }
            case "migrate", "relocate" -> {
                form.put("target", task.target());
                ProxmoxProperties.Migration m = props.migration();
                String storage = m.targetStorage(g.sid());
                if (g.isContainer()) {
                    // containers cannot live-migrate: restart migration stops, moves and starts them again
                    if (g.running()) {
                        form.put("restart", "1");
                        form.put("timeout", Long.toString(props.shutdownTimeout().toSeconds()));
                    }
                    if (storage != null) {
                        form.put("target-storage", storage);
                    }
                } else {
                    if (task.step().equals("migrate") && g.running()) {
                        form.put("online", "1");
                    }
                    // as Proxmox's own HA: local disks move along (force=1 it also sends is root@pam's alone)
                    if (m.withLocalDisks(g.sid())) {
                        form.put("with-local-disks", "1");
                    }
                    if (storage != null) {
                        form.put("targetstorage", storage);
                    }
                }
            }
            default -> {
            }
        }
        return form;
    }

    private Set<String> union(Set<String> given) {
        Set<String> all = new java.util.HashSet<>(given);
        synchronized (known) {
            all.addAll(known);
        }
        return all;
    }

    // ---- the agent port, blocking: one step after the other, each followed to its end -----------------

    @Override
    public void start(String node, String sid, AgentLog log) {
        step(AgentTask.planned("-", sid, node, "started", "start", null, null, 0), log);
    }

    @Override
    public void stop(String node, String sid, Integer timeout, AgentLog log) {
        boolean hard = timeout != null && timeout == 0;
        step(AgentTask.planned("-", sid, node, "stopped", hard ? "stop" : "shutdown", null, timeout, 0), log);
    }

    @Override
    public boolean move(String node, String sid, String target, boolean online, AgentLog log) {
        PveGuest g = guests.get(sid);
        if (g == null) {
            log.log("err", "guest " + sid + " not found");
            return false;
        }
        String step = online || g.isContainer() ? "migrate" : "relocate";
        if (step.equals("relocate") && g.running()) {
            // relocation of a VM: shut down, migrate offline, the agent starts it on the target later
            stop(node, sid, null, log);
            if (isRunning(node, sid)) {
                return false;
            }
        }
        log.log("info", "service " + sid + " - start " + (online ? "migrate" : "relocate") + " to node '" + target
                + "'");
        if (!step(AgentTask.planned("-", sid, node, online ? "migrate" : "relocate", step, target, null, 0), log)) {
            log.log("err", "service " + sid + " - " + (online ? "migrate" : "relocate") + " to node '" + target
                    + "' failed");
            return false;
        }
        log.log("info", "service " + sid + " - end " + (online ? "migrate" : "relocate") + " to node '" + target + "'");
        return true;
    }

    private boolean step(AgentTask planned, AgentLog log) {
        if (!guests.containsKey(planned.sid())) {
            log.log("err", "guest " + planned.sid() + " not found");
            return false;
        }
        AgentTask task = planned.posting(System.currentTimeMillis() / 1000, 0);
        Posted p = post(task, Set.of(), log);
        PveTasks.Result r = p.upid() == null ? new PveTasks.Result(false, p.failure(), List.of())
                : tasks.await(task.node(), p.upid());
        return reached(task.running(p.upid()), r, log);
    }

    /** A UPID of type ha* (hastart, hamigrate, ...): Proxmox diverted the action to its HA manager. */
    static boolean diverted(String upid) {
        String[] f = upid.split(":");
        return f.length > 5 && f[5].startsWith("ha");
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
