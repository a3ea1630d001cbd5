package io.ballast.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import io.ballast.core.CrmCommand;
import io.ballast.core.ManagerStatus;
import io.ballast.core.ServiceStatus;
import io.ballast.sim.SimCase.DynamicStats;
import io.ballast.sim.SimCase.NodeSpec;
import io.ballast.sim.SimCase.ServiceSpec;
import io.ballast.sim.SimCase.StaticStats;

/**
 * The simulated cluster: hardware (power, network, cluster filesystem, watchdogs), the shared cluster
 * state the daemons read and write (cluster locks, resource config, manager and LRM status, CRM command
 * queue), the guests running on each node, and the per-node daemons. Single-threaded; the run loop lives
 * in {@link Simulation}.
 */
final class SimCluster {

    static final int WATCHDOG_TIMEOUT = 60;
    static final int LOCK_TIMEOUT = 120;
    /**
     * Daemons take turns, one simulated second each, so a round lasts {@code 2 x nodes} s once there are more than
     * ten nodes; from 30 nodes on that outlasts a 60 s watchdog (Proxmox's simulator stops at 29). Bigger clusters
     * keep Proxmox's proportions instead: watchdog and lock timeouts scale with the round (3 and 6 rounds).
     */
    private final long watchdogTimeout;
    private final long lockTimeout;

    /** Hardware state of one node. */
    static final class Hw {
        boolean power;
        boolean network;
        String shutdown;
        boolean cfsRw = true;
        boolean cfsUpdate = true;
        String pveVersion;
        final Double maxcpu;
        final Long maxmem;

        Hw(NodeSpec spec) {
            power = spec.power();
            network = spec.network();
            pveVersion = spec.pveVersion();
            maxcpu = spec.maxcpu();
            maxmem = spec.maxmem();
        }
    }

    /** A node's daemons and their clocks; daemons exist only after {@code power on}. */
    static final class SimNode {
        final String name;
        final DaemonEnv crmEnv;
        final DaemonEnv lrmEnv;
        CrmDaemon crm;
        LrmDaemon lrm;
        boolean crmStop;
        boolean lrmRestart;

        SimNode(String name, SimCluster cluster) {
            this.name = name;
            this.crmEnv = new DaemonEnv(cluster, name, "crm");
            this.lrmEnv = new DaemonEnv(cluster, name, "lrm");
        }
    }

    private record Lock(String node, long time) {
    }

    private record Watchdog(String node, long updateTime) {
    }

    final SimCase simCase;
    final SimLog log;
    final SortedMap<String, Hw> hw = new TreeMap<>();
    final SortedMap<String, SimNode> nodes = new TreeMap<>();
    final SortedMap<String, ServiceSpec> services;
    /** node → sid → running (the simulator's service_status_<node>). */
    final Map<String, SortedMap<String, Boolean>> guests = new HashMap<>();
    final Map<String, StaticStats> staticStats;
    final Map<String, DynamicStats> dynamicStats;
    final List<CrmCommand> crmCommands = new ArrayList<>();
    final SortedMap<String, LrmReport> lrmStatus = new TreeMap<>();
    private final Map<String, Lock> locks = new HashMap<>();
    private final Map<String, Watchdog> watchdogs = new LinkedHashMap<>();
    private int watchdogCounter;
    ManagerStatus managerStatus;
    long time;
    /** The reference LRM writes its status once at startup, remembered process-wide. */
    boolean lrmWroteStatusAtStartup;
    final HypervisorPort hypervisor;
    /** Settings the manager and agents re-read every round (a live cluster may change them). */
    io.ballast.rules.config.RuleSet rules;
    SortedMap<String, SimCase.GroupSpec> groups;
    io.ballast.rules.pve.CrsConfig crs;
    /** The open or applied rebalancing proposal the next round reads (the service's store sets it each step). */
    io.ballast.core.Proposal proposal;
    String shutdownPolicy;
    int maxWorkers;
    /** How long guest actions take; null = instantly (conformance runs). */
    ActionDurations durations;
    /** Called after every manager round (live mode persists and audits from here); may be null. */
    java.util.function.Consumer<ManagerRoundEvent> roundListener;
    /** Creates the decision maker of each new master term. */
    final java.util.function.Supplier<ManagerRound> managers;

    SimCluster(SimCase simCase, SimLog log, java.util.function.Supplier<ManagerRound> managers) {
        this.managers = managers;
        this.rules = simCase.rules();
        this.groups = simCase.groups();
        this.crs = simCase.crs();
        this.shutdownPolicy = simCase.shutdownPolicy();
        this.maxWorkers = simCase.maxWorkers();
        this.simCase = simCase;
        this.log = log;
        int nodeCount = simCase.nodes().size();
        this.watchdogTimeout = nodeCount < 30 ? WATCHDOG_TIMEOUT : 3L * 2 * nodeCount;
        this.lockTimeout = nodeCount < 30 ? LOCK_TIMEOUT : 6L * 2 * nodeCount;
        simCase.nodes().forEach((n, spec) -> {
            hw.put(n, new Hw(spec));
            guests.put(n, new TreeMap<>(simCase.runningGuests().getOrDefault(n, Map.of())));
        });
        this.services = new TreeMap<>(simCase.services());
        this.staticStats = simCase.staticStats() == null ? null : new TreeMap<>(simCase.staticStats());
        this.dynamicStats = simCase.dynamicStats() == null ? null : new TreeMap<>(simCase.dynamicStats());
        this.managerStatus = ManagerStatusJson.read(simCase.dir().resolve("manager_status").toString(),
                simCase.managerStatus());
        this.hypervisor = new SimHypervisor(this);
        hw.keySet().forEach(n -> nodes.put(n, new SimNode(n, this)));
    }

    void logHardware(String level, String source, String message) {
        log.add(level, time, source, message);
    }

    // ---- membership ----------------------------------------------------------------------------

    boolean quorate() {
        long online = hw.values().stream().filter(h -> h.power && h.network).count();
        return online > hw.size() / 2;
    }

    /** Online = powered, networked and part of a quorate cluster. */
    boolean online(String node) {
        Hw h = hw.get(node);
        return h.power && h.network && quorate();
    }

    // ---- cluster locks (pmxcfs-like: expire after 120 s unless renewed) ------------------------

    /** Acquires or renews a lock for node at time t; logs "got lock" through env on a fresh acquisition. */
    boolean getLock(DaemonEnv env, String name) {
        if (!online(env.node)) {
            return false;
        }
        long now = env.time;
        Lock l = locks.get(name);
        if (l != null && now - l.time() <= lockTimeout) {
            if (l.node().equals(env.node)) {
                locks.put(name, new Lock(env.node, now));
                return true;
            }
            return false;
        }
        locks.put(name, new Lock(env.node, now));
        env.log("info", "got lock '" + name + "'");
        return true;
    }

    /** Releases a lock held by node (or an expired one); false if someone else holds it. */
    boolean releaseLock(DaemonEnv env, String name) {
        if (!online(env.node)) {
            return false;
        }
        Lock l = locks.get(name);
        if (l == null) {
            return false;
        }
        long diff = env.time - l.time();
        if (diff > lockTimeout) {
            return true;
        }
        if (l.node().equals(env.node)) {
            locks.remove(name);
            return true;
        }
        return false;
    }

    /** Whether node could take the lock now (absent or expired, or already its own). */
    boolean lockFree(String name, String node, long now) {
        Lock l = locks.get(name);
        return l == null || now - l.time() > lockTimeout || l.node().equals(node);
    }

    void recordLock(String name, String node, long now) {
        locks.put(name, new Lock(node, now));
    }

    static String agentLockName(String node) {
        return "ha_agent_" + node + "_lock";
    }

    // ---- watchdogs --------------------------------------------------------------------------------

    String watchdogOpen(String node) {
        String id = "WD:" + node + ":" + (++watchdogCounter);
        watchdogs.put(id, new Watchdog(node, time));
        return id;
    }

    void watchdogUpdate(String id, long now) {
        Watchdog w = watchdogs.get(id);
        if (w == null) {
            throw new IllegalStateException("no such watchdog handle '" + id + "'");
        }
        if (now - w.updateTime() > watchdogTimeout) {
            throw new IllegalStateException("watchdog expired");
        }
        watchdogs.put(id, new Watchdog(w.node(), now));
    }

    void watchdogClose(String id) {
        watchdogs.remove(id);
    }

    /** False if one of node's watchdogs expired (it is removed). */
    boolean watchdogCheck(String node) {
        boolean ok = true;
        var it = watchdogs.entrySet().iterator();
        while (it.hasNext()) {
            Watchdog w = it.next().getValue();
            if (w.node().equals(node) && time - w.updateTime() > watchdogTimeout) {
                ok = false;
                it.remove();
            }
        }
        return ok;
    }

    /** Whether some daemon on node holds an armed watchdog (it would reset the node if cut off). */
    boolean hasWatchdog(String node) {
        return watchdogs.values().stream().anyMatch(w -> w.node().equals(node));
    }

    private void watchdogReset(String node) {
        watchdogs.values().removeIf(w -> w.node().equals(node));
    }

    // ---- service config -------------------------------------------------------------------------

    void moveServiceConfig(String sid, String from, String to) {
        ServiceSpec s = services.get(sid);
        if (s == null) {
            throw new IllegalStateException("no such service '" + sid + "'");
        }
        if (!s.node().equals(from)) {
            throw new IllegalStateException("current_node for '" + sid + "' does not match (" + from + " != "
                    + s.node() + ")");
        }
        services.put(sid, s.withNode(to));
    }

    /** The service requests of the current manager status, as an LRM reads them. */
    Map<String, ServiceOrder> serviceOrders() {
        Map<String, ServiceOrder> out = new TreeMap<>();
        for (var e : managerStatus.serviceStatus().entrySet()) {
            ServiceStatus s = e.getValue();
            out.put(e.getKey(), new ServiceOrder(s.state().key(), s.node(), s.target(), s.timeout(), s.uid()));
        }
        return out;
    }

    // ---- hardware commands (FORMAT.md §2) ----------------------------------------------------------

    /** Executes one command; logs {@code <source>: execute <command>} first, like the reference. */
    void execute(SimCommand cmd, String source) {
        logHardware("info", source, "execute " + cmd.text());
        switch (cmd.kind()) {
            case POWER -> power(cmd.subject(), cmd.action().equals("on"));
            case NETWORK -> hw.get(cmd.subject()).network = cmd.action().equals("on");
            case CFS -> {
                Hw h = hw.get(cmd.subject());
                boolean work = cmd.arg(0).equals("work");
                if (cmd.action().equals("rw")) {
                    h.cfsRw = work;
                } else {
                    h.cfsUpdate = work;
                }
            }
            case REBOOT, SHUTDOWN -> {
                hw.get(cmd.subject()).shutdown = cmd.kind() == SimCommand.Kind.REBOOT ? "reboot" : "shutdown";
                SimNode n = nodes.get(cmd.subject());
                if (n.lrm != null) {
                    n.lrm.shutdownRequest();
                }
            }
            case RESTART_LRM -> {
                SimNode n = nodes.get(cmd.subject());
                if (n.lrm != null) {
                    n.lrmRestart = true;
                    n.lrm.shutdownRequest();
                }
            }
            case PVE_MANAGER_VERSION -> hw.get(cmd.subject()).pveVersion = cmd.arg(0);
            case CRM -> crmCommand(cmd);
            case SERVICE -> serviceCommand(cmd);
            case DELAY, SKIP_ROUND -> throw new IllegalStateException("handled by the run loop: " + cmd.text());
        }
    }

    private void power(String node, boolean on) {
        Hw h = hw.get(node);
        SimNode n = nodes.get(node);
        if (h.power != on) {
            if (on) {
                if (n.crm == null) {
                    n.crm = new CrmDaemon(n.crmEnv);
                }
                if (n.lrm == null) {
                    n.lrm = new LrmDaemon(n.lrmEnv);
                }
                n.lrmRestart = false;
                h.cfsRw = true;
                h.cfsUpdate = true;
            } else {
                if (n.crm != null) {
                    n.crmEnv.log("info", "killed by poweroff");
                    n.crm = null;
                }
                if (n.lrm != null) {
                    n.lrmEnv.log("info", "killed by poweroff");
                    n.lrm = null;
                    n.lrmRestart = false;
                }
                watchdogReset(node);
                guests.get(node).clear();
            }
        }
        h.power = on;
        h.network = on;
        h.shutdown = null;
    }

    private void crmCommand(SimCommand cmd) {
        SimNode n = nodes.get(cmd.subject());
        switch (cmd.action()) {
            case "stop" -> {
                if (n.crm != null) {
                    n.crmStop = true;
                    n.crm.shutdownRequest();
                }
            }
            case "start" -> {
                if (n.crm == null) {
                    n.crm = new CrmDaemon(n.crmEnv);
                }
            }
            case "enable-node-maintenance", "disable-node-maintenance" ->
                    crmCommands.add(CrmCommand.parse(cmd.action() + " " + cmd.subject()));
            case "disarm-ha" -> crmCommands.add(CrmCommand.parse("disarm-ha " + cmd.arg(0)));
            case "arm-ha" -> crmCommands.add(new CrmCommand.Arm());
            default -> throw new IllegalStateException("unknown crm action " + cmd.action());
        }
    }

    private void serviceCommand(SimCommand cmd) {
        String sid = cmd.subject();
        String action = cmd.action();
        ServiceSpec s = services.get(sid);
        switch (action) {
            case "started", "stopped", "disabled", "ignored", "enabled" -> {
                requireService(sid, s);
                services.put(sid, s.withState(action.equals("enabled") ? "started" : action));
            }
            case "migrate", "relocate", "stop" -> crmCommands.add(CrmCommand.parse(action + " " + sid + " " + cmd.arg(0)));
            case "add" -> {
                if (s != null) {
                    throw new SimulationException("resource ID '" + sid + "' already defined");
                }
                String node = cmd.arg(0);
                if (!hw.containsKey(node)) {
                    throw new SimulationException("no such node '" + node + "' in '" + cmd.text() + "'");
                }
                String state = cmd.arg(1) == null ? "started" : cmd.arg(1);
                services.put(sid, new ServiceSpec(node, state.equals("enabled") ? "started" : state, true, 1, 1, null,
                        null, null));
                guests.get(node).put(sid, "1".equals(cmd.arg(2)));
            }
            case "delete" -> {
                requireService(sid, s);
                services.remove(sid);
                if (staticStats != null) {
                    staticStats.remove(sid);
                }
            }
            case "lock" -> {
                requireService(sid, s);
                services.put(sid, s.withLock(cmd.arg(0) == null ? "backup" : cmd.arg(0)));
            }
            case "unlock" -> {
                requireService(sid, s);
                if (s.lock() != null && (cmd.arg(0) == null || cmd.arg(0).equals(s.lock()))) {
                    services.put(sid, s.withLock(null));
                }
            }
            case "manual-migrate" -> manualMigrate(cmd, sid, s);
            case "set-static-stats" -> setStaticStats(cmd, sid);
            case "set-dynamic-stats" -> setDynamicStats(cmd, sid);
            default -> throw new IllegalStateException("unknown service action " + action);
        }
    }

    private void manualMigrate(SimCommand cmd, String sid, ServiceSpec s) {
        requireService(sid, s);
        String target = cmd.arg(0);
        if (!hw.containsKey(target)) {
            throw new SimulationException("no such node '" + target + "' in '" + cmd.text() + "'");
        }
        boolean ignoreMode = managerStatus.disarm() != null && "ignore".equals(managerStatus.disarm().mode());
        if (!s.state().equals("ignored") && !ignoreMode) {
            logHardware("warn", "hardware", "manual migration of '" + sid
                    + "' refused - resource is managed by HA (not ignored, HA not disarmed in ignore mode)");
            return;
        }
        // behind HA's back: the guest leaves its node stopped; the agent on the new node starts it when asked
        guests.get(s.node()).remove(sid);
        services.put(sid, s.withNode(target));
    }

    private void setStaticStats(SimCommand cmd, String sid) {
        Map<String, StaticStats> stats = staticStats;
        // unspecified fields keep their current value (the defaults when the case has no stats file)
        StaticStats cur = stats == null ? staticOverrides.getOrDefault(sid, CoreInputs.DEFAULT_STATIC) : stats.get(sid);
        double cpu = cur == null ? 0 : cur.maxcpu();
        long mem = cur == null ? 0 : cur.maxmem();
        for (int i = 0; i + 1 < cmd.args().size(); i += 2) {
            double v = Double.parseDouble(cmd.args().get(i + 1));
            if (cmd.args().get(i).equals("maxcpu")) {
                cpu = v;
            } else {
                mem = (long) (v * 1024 * 1024);
            }
        }
        if (stats != null) {
            stats.put(sid, new StaticStats(cpu, mem));
        } else {
            staticOverrides.put(sid, new StaticStats(cpu, mem));
        }
    }

    private void setDynamicStats(SimCommand cmd, String sid) {
        DynamicStats cur = dynamicStats == null ? dynamicOverrides.getOrDefault(sid, CoreInputs.DEFAULT_DYNAMIC)
                : dynamicStats.get(sid);
        double cpu = cur == null ? 0 : cur.cpu();
        long mem = cur == null ? 0 : cur.mem();
        for (int i = 0; i + 1 < cmd.args().size(); i += 2) {
            double v = Double.parseDouble(cmd.args().get(i + 1));
            if (cmd.args().get(i).equals("cpu")) {
                cpu = v;
            } else {
                mem = (long) (v * 1024 * 1024);
            }
        }
        if (dynamicStats != null) {
            dynamicStats.put(sid, new DynamicStats(cpu, mem));
        } else {
            dynamicOverrides.put(sid, new DynamicStats(cpu, mem));
        }
    }

    /** Stats set by command when the case had no stats file (the defaults apply to everything else). */
    final Map<String, StaticStats> staticOverrides = new TreeMap<>();
    final Map<String, DynamicStats> dynamicOverrides = new TreeMap<>();

    private static void requireService(String sid, ServiceSpec s) {
        if (s == null) {
            throw new SimulationException("no such service '" + sid + "'");
        }
    }
}
