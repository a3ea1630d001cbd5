package io.ballast.sim;

import java.util.HashMap;
import java.util.Map;

import io.ballast.sim.SimCase.ServiceSpec;

/**
 * The simulated hypervisor behind every node's LRM. Guests start, stop and move instantly; config locks
 * block them; {@code fa:} resources fail on purpose as encoded in their id (FORMAT.md §1.9).
 */
final class SimHypervisor implements HypervisorPort {

    private final SimCluster cluster;
    /** Failure-injection counters per resource, global across nodes, reset after a success. */
    private final Map<String, Integer> startTries = new HashMap<>();
    private final Map<String, Integer> migrateTries = new HashMap<>();

    /** Failures injected at run time for any resource type (live mode); they win over an fa: id. */
    private final Map<String, FailSpec> injected = new HashMap<>();

    SimHypervisor(SimCluster cluster) {
        this.cluster = cluster;
    }

    /** Makes the next starts/migrations of sid fail, and optionally every stop; zeros clear it. */
    void injectFailure(String sid, int startFailures, int migrateFailures, boolean cannotStop) {
        startTries.remove(sid);
        migrateTries.remove(sid);
        if (startFailures == 0 && migrateFailures == 0 && !cannotStop) {
            injected.remove(sid);
        } else {
            injected.put(sid, new FailSpec(startFailures, migrateFailures, cannotStop, 0));
        }
    }

    private FailSpec failSpec(String sid) {
        FailSpec f = injected.get(sid);
        return f != null ? f : FailSpec.of(sid);
    }

    @Override
    public String configuredNode(String sid) {
        ServiceSpec s = cluster.services.get(sid);
        return s == null ? null : s.node();
    }

    @Override
    public String configLock(String sid) {
        ServiceSpec s = cluster.services.get(sid);
        return s == null ? null : s.lock();
    }

    @Override
    public boolean isRunning(String node, String sid) {
        return Boolean.TRUE.equals(cluster.guests.get(node).get(sid));
    }

    @Override
    public void start(String node, String sid, AgentLog log) {
        FailSpec f = failSpec(sid);
        if (f != null && f.appliesTo(node) && f.startFailures() > 0) {
            int tries = startTries.merge(sid, 1, Integer::sum);
            if (f.startFailures() >= tries) {
                return;
            }
            startTries.remove(sid);
            clearInjected(sid, f);
        }
        String lock = configLock(sid);
        if (lock != null) {
            log.log("err", "service '" + sid + "' locked (" + lock + "), unable to start!");
            return;
        }
        cluster.guests.get(node).put(sid, true);
    }

    @Override
    public void stop(String node, String sid, Integer timeout, AgentLog log) {
        FailSpec f = failSpec(sid);
        if (f != null && f.cannotStop()) {
            return;
        }
        String lock = configLock(sid);
        if (lock != null) {
            log.log("err", "service '" + sid + "' locked (" + lock + "), unable to shutdown!");
            return;
        }
        cluster.guests.get(node).put(sid, false);
    }

    @Override
    public boolean move(String node, String sid, String target, boolean online, AgentLog log) {
        FailSpec f = failSpec(sid);
        if (f != null && f.appliesTo(node) && f.migrateFailures() > 0) {
            int tries = migrateTries.merge(sid, 1, Integer::sum);
            if (f.migrateFailures() >= tries) {
                return false;
            }
            migrateTries.remove(sid);
            clearInjected(sid, f);
        }
        String what = online ? "migrate" : "relocate";
        log.log("info", "service " + sid + " - start " + what + " to node '" + target + "'");
        String lock = configLock(sid);
        if (lock != null) {
            log.log("err", "service '" + sid + "' locked (" + lock + "), unable to " + what + "!");
            return false;
        }
        if (!online && isRunning(node, sid)) {
            log.log("info", "stopping service " + sid + " (relocate)");
            stop(node, sid, null, log);
            log.log("info", "service status " + sid + " stopped");
        }
        cluster.moveServiceConfig(sid, node, target);
        log.log("info", "service " + sid + " - end " + what + " to node '" + target + "'");
        cluster.guests.get(node).remove(sid);
        return true;
    }

    private void clearInjected(String sid, FailSpec used) {
        if (injected.get(sid) == used) {
            injected.remove(sid);
        }
    }

    /** Decoded {@code fa:} id: digits 2..6 = start failures, migrate failures, stop fails, exists, node. */
    record FailSpec(int startFailures, int migrateFailures, boolean cannotStop, int onlyNode) {

        static FailSpec of(String sid) {
            if (!sid.startsWith("fa:")) {
                return null;
            }
            String d = sid.substring(3);
            return new FailSpec(digit(d, 1), digit(d, 2), digit(d, 3) != 0, digit(d, 5));
        }

        private static int digit(String d, int i) {
            return i < d.length() ? d.charAt(i) - '0' : 0;
        }

        boolean appliesTo(String node) {
            return onlyNode == 0 || node.equals("node" + onlyNode);
        }
    }
}
