package io.ballast.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import io.ballast.core.RoundOutput;
import io.ballast.core.ServiceState;
import io.ballast.core.ServiceStatus;
import io.ballast.rules.config.RuleSet;
import io.ballast.rules.pve.CrsConfig;
import io.ballast.rules.pve.RulesCfgParser;
import io.ballast.sim.SimCase.NodeSpec;
import io.ballast.sim.SimCase.ServiceSpec;

/**
 * Randomized safety check of the decision core on the simulated cluster (issue 6, point 2): random clusters
 * and event scripts (power and network faults, reboots and shutdowns under every policy, maintenance, admin
 * commands, failing starts and migrations, disarm/arm, resources added and deleted, cluster-filesystem
 * faults, skipped daemon rounds), half of them with guest
 * actions that take time (live-mode durations). After every round:
 * <ul>
 * <li>no guest runs on two nodes at once, and a running guest's configuration is on the node it runs on;</li>
 * <li>nothing is lost: after a manager round every configured, non-ignored resource is in the manager
 * status (unless HA is disarmed), on a node of the cluster;</li>
 * <li>no guest that must stay off is started: every guest that starts running does so on a start order the
 * manager gave while the guest's requested state was {@code started} (issue 13, item 5);</li>
 * <li>a node holds a watchdog only while something on it needs one (an active agent, an agent in
 * maintenance with services or workers left, or the manager), and the watchdog resets only a node that
 * needed one when it left the cluster (issue 13, item 5).</li>
 * </ul>
 * One sequence in ten follows issue 13's hazard shape instead of a random script (HA disarmed, requested states
 * changed, a node powered off or cut off, HA re-armed, the node back); half of the others end with the nodes
 * they cut off coming back. The number of sequences is {@code -Dballast.fuzz.sequences} (default 1000). A
 * failure prints the seed and the generated cmdlist ({@link #randomCase(long)} rebuilds the case).
 *
 * <p>A node cut off while its guests run without an armed watchdog (HA disarmed, or its agent restarted with
 * the guests frozen) is never reset; the manager must not take its released agent lock as proof of fencing
 * (seeds 224, 244 and 593 of the default run of the time found that hazard; DisarmIsolationTest holds it as a
 * scenario). When such a node returns, the cancelled fence must not start its guests that must stay off.
 */
class SafetyFuzzTest {

    private static final int SEQUENCES = Integer.getInteger("ballast.fuzz.sequences", 1000);
    private static final long GIB = 1024L * 1024 * 1024;

    @Test
    void noDoubleStartNoUnwantedStartNoNeedlessResetNothingLost() {
        List<String> failures = new ArrayList<>();
        int completed = 0;
        int rounds = 0;
        int startsChecked = 0;
        int resetsChecked = 0;
        for (long seed = 1; seed <= SEQUENCES; seed++) {
            SimCase c = randomCase(seed);
            List<String> violations = new ArrayList<>();
            int[] roundCount = {0};
            boolean[] disarmedBefore = {false};
            StartsAndResets starts = new StartsAndResets();
            // every other sequence lets guest actions take time, so moves span rounds and overlap with faults
            ActionDurations durations = seed % 2 == 0 ? ActionDurations.REALISTIC : null;
            SimulationResult r = Simulation.run(c, starts.recording(ManagerRound.CORE), durations, (cluster, managed) -> {
                roundCount[0]++;
                boolean disarmed = cluster.managerStatus.disarm() != null;
                if (violations.isEmpty()) {
                    // the round that re-arms still skips adding resources (it began disarmed)
                    check(cluster, managed && !disarmed && !disarmedBefore[0], violations);
                    starts.check(cluster, violations);
                }
                disarmedBefore[0] = disarmed;
            });
            rounds += roundCount[0];
            startsChecked += starts.startsSeen;
            resetsChecked += starts.resetsSeen;
            r.logLines().stream().filter(l -> l.contains("/crm: got unexpected error") && !l.contains("cfs connection"))
                    .findFirst()
                    .ifPresent(l -> violations.add("manager failed: " + l.strip()));
            if (r.completed()) {
                completed++;
            }
            if (!violations.isEmpty() && failures.size() < 5) {
                failures.add("seed " + seed + (durations != null ? " (with durations)" : "") + ": " + violations.get(0)
                        + "\n  cmdlist: " + cmdlistJson(c));
            }
        }
        System.out.printf("safety fuzz: %d sequences, %d ran to the end, %d rounds checked, %d guest starts and %d"
                + " watchdog resets checked%n", SEQUENCES, completed, rounds, startsChecked, resetsChecked);
        assertThat(failures).as("safety violations").isEmpty();
        // sequences the reference simulator itself refuses (e.g. power on during a pending shutdown) are rare
        assertThat(completed).isGreaterThanOrEqualTo(SEQUENCES * 9 / 10);
    }

    /** @param trackingExpected a manager round ran on an armed cluster, so every resource must be tracked */
    private static void check(SimCluster c, boolean trackingExpected, List<String> violations) {
        Map<String, String> runningOn = new TreeMap<>();
        for (var node : c.guests.entrySet()) {
            for (var g : node.getValue().entrySet()) {
                if (!g.getValue()) {
                    continue;
                }
                String other = runningOn.put(g.getKey(), node.getKey());
                if (other != null) {
                    violations.add("t=" + c.time + ": " + g.getKey() + " runs on " + other + " and " + node.getKey());
                }
                ServiceSpec conf = c.services.get(g.getKey());
                if (conf != null && !conf.node().equals(node.getKey())) {
                    violations.add("t=" + c.time + ": " + g.getKey() + " runs on " + node.getKey()
                            + " but its config is on " + conf.node());
                }
            }
        }
        for (var e : c.managerStatus.serviceStatus().entrySet()) {
            ServiceStatus s = e.getValue();
            if (s.node() == null || !c.hw.containsKey(s.node())) {
                violations.add("t=" + c.time + ": " + e.getKey() + " in state " + s.state().key() + " on unknown node "
                        + s.node());
            }
        }
        if (trackingExpected) {
            for (var e : c.services.entrySet()) {
                if (!e.getValue().state().equals("ignored") && !c.managerStatus.serviceStatus().containsKey(e.getKey())) {
                    violations.add("t=" + c.time + ": configured resource " + e.getKey() + " missing from the manager status");
                }
            }
        }
    }

    /**
     * Guest starts and watchdog resets of one sequence, checked after every round against what the manager
     * ordered and what each node needed a watchdog for.
     */
    private static final class StartsAndResets {
        /** How the simulator logs a watchdog reset (SimEngine). */
        private static final String RESET_PREFIX = "hardware: server '";
        /** sid → the requested state the manager read when it last gave a start order (entered started). */
        private final Map<String, String> startOrderRequest = new TreeMap<>();
        private final Map<String, Long> startOrderTime = new TreeMap<>();
        private Map<String, Set<String>> runningBefore = Map.of();
        /** node → whether something on it needed a watchdog the last time it was online. */
        private final Map<String, Boolean> neededWatchdogWhenOnline = new TreeMap<>();
        private int logIndex;
        int startsSeen;
        int resetsSeen;

        /** The decision core, noting every start order it gives and the requested state it read for it. */
        Supplier<ManagerRound> recording(Supplier<ManagerRound> managers) {
            return () -> {
                ManagerRound manager = managers.get();
                return in -> {
                    RoundOutput out = manager.round(in);
                    out.status().serviceStatus().forEach((sid, st) -> {
                        ServiceStatus before = in.previous().serviceStatus().get(sid);
                        boolean newOrder = st.state() == ServiceState.STARTED && (before == null
                                || before.state() != st.state() || !Objects.equals(before.uid(), st.uid()));
                        if (newOrder) {
                            var cd = in.services().get(sid);
                            startOrderRequest.put(sid, cd == null ? "(deleted)" : cd.requestedState());
                            startOrderTime.put(sid, in.now());
                        }
                    });
                    return out;
                };
            };
        }

        void check(SimCluster c, List<String> violations) {
            Map<String, Set<String>> running = new TreeMap<>();
            c.guests.forEach((node, guests) -> guests.forEach((sid, on) -> {
                if (on) {
                    running.computeIfAbsent(node, n -> new TreeSet<>()).add(sid);
                }
            }));
            running.forEach((node, sids) -> {
                for (String sid : sids) {
                    if (runningBefore.getOrDefault(node, Set.of()).contains(sid)) {
                        continue;
                    }
                    startsSeen++;
                    // the order, not the requested state of this moment: an admin may set "stopped" after a
                    // legitimate start order and before the manager's next round (the manager then stops it)
                    String requested = startOrderRequest.get(sid);
                    if (requested == null) {
                        violations.add("t=" + c.time + ": " + sid + " started on " + node + " without a start order");
                    } else if (!requested.equals("started")) {
                        violations.add("t=" + c.time + ": " + sid + " started on " + node + " on the start order of t="
                                + startOrderTime.get(sid) + ", given while its requested state was " + requested);
                    }
                }
            });
            runningBefore = running;

            List<String> log = c.log.lines();
            for (; logIndex < log.size(); logIndex++) {
                String line = log.get(logIndex);
                int at = line.indexOf(RESET_PREFIX);
                if (at < 0 || !line.endsWith("' stopped by poweroff (watchdog)")) {
                    continue;
                }
                resetsSeen++;
                int from = at + RESET_PREFIX.length();
                String node = line.substring(from, line.indexOf('\'', from));
                if (!neededWatchdogWhenOnline.getOrDefault(node, false)) {
                    violations.add("t=" + c.time + ": " + node + " reset by its watchdog although nothing on it needed"
                            + " one when it left the cluster");
                }
            }
            for (var e : c.nodes.entrySet()) {
                String node = e.getKey();
                boolean needed = needsWatchdog(c, e.getValue());
                if (c.hasWatchdog(node) && !needed) {
                    LrmDaemon lrm = e.getValue().lrm;
                    violations.add("t=" + c.time + ": " + node + " holds a watchdog with nothing to protect (agent "
                            + (lrm == null ? "gone" : lrm.state() + ", mode " + lrm.mode()) + ")");
                }
                if (c.online(node)) {
                    neededWatchdogWhenOnline.put(node, needed);
                }
            }
        }

        /**
         * Spec §2.2, §7.1, §8: the agent needs lock and watchdog while active (Proxmox keeps them for 60 idle
         * rounds) or while losing its lock, and in maintenance only until no service or worker is left; the
         * manager needs its own while master (a fully disarmed master closes it, which is allowed). An agent that
         * exits on a shutdown or reboot with a failed stop or without its lock leaves its watchdog armed on purpose,
         * so that the node is reset.
         */
        private static boolean needsWatchdog(SimCluster c, SimCluster.SimNode n) {
            LrmDaemon lrm = n.lrm;
            boolean agent = lrm == null ? c.hw.get(n.name).shutdown != null
                    : lrm.state().equals("active") || lrm.state().equals("lost_agent_lock")
                    || (lrm.state().equals("maintenance") && lrm.hasWork());
            boolean manager = n.crm != null
                    && (n.crm.state().equals("master") || n.crm.state().equals("lost_manager_lock"));
            return agent || manager;
        }
    }

    // ---- random cases ----------------------------------------------------------------------------------------

    static SimCase randomCase(long seed) {
        Random rnd = new Random(seed);
        int nodeCount = 3 + rnd.nextInt(3);
        SortedMap<String, NodeSpec> nodes = new TreeMap<>();
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= nodeCount; i++) {
            nodes.put("node" + i, new NodeSpec(false, false, 16.0, 64 * GIB, "9.1.0"));
            names.add("node" + i);
        }
        SortedMap<String, ServiceSpec> services = new TreeMap<>();
        int count = 2 + rnd.nextInt(7);
        List<String> sids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String sid = newSid(rnd, i);
            String state = rnd.nextInt(6) == 0 ? "stopped" : rnd.nextInt(10) == 0 ? "disabled" : "started";
            services.put(sid, new ServiceSpec(names.get(rnd.nextInt(nodeCount)), state, rnd.nextInt(4) != 0,
                    rnd.nextInt(3), rnd.nextInt(3), null, null, null));
            sids.add(sid);
        }
        String rulesText = null;
        RuleSet rules = RuleSet.EMPTY;
        if (sids.size() >= 2 && rnd.nextBoolean()) {
            StringBuilder t = new StringBuilder();
            t.append("resource-affinity: pair\n\tresources ").append(sids.get(0)).append(',').append(sids.get(1))
                    .append("\n\taffinity ").append(rnd.nextBoolean() ? "positive" : "negative").append("\n\n");
            if (sids.size() >= 3 && rnd.nextBoolean()) {
                t.append("node-affinity: prefer\n\tresources ").append(sids.get(2)).append("\n\tnodes ")
                        .append(names.get(0)).append(":2,").append(names.get(1)).append(":1\n")
                        .append(rnd.nextBoolean() ? "\tstrict 1\n" : "").append('\n');
            }
            rulesText = t.toString();
            rules = RulesCfgParser.parse("fuzz-" + seed, rulesText);
        }
        String mode = List.of("basic", "basic", "static", "dynamic").get(rnd.nextInt(4));
        boolean rebalanceOnStart = rnd.nextInt(4) == 0;
        boolean autoRebalance = !mode.equals("basic") && rnd.nextBoolean();
        String method = rnd.nextBoolean() ? "bruteforce" : "topsis";
        // one cluster in twenty uses Ballast's plan method (batch recovery/evacuation, planned rebalancing);
        // drawn from its own generator so the rest of every sequence stays as it was
        if (new java.util.Random(seed * 7919 + 17).nextInt(20) == 0) {
            method = "plan";
        }
        CrsConfig crs = new CrsConfig(mode, rebalanceOnStart, autoRebalance, 30, method, 3, 10);
        String policy = List.of("conditional", "freeze", "failover", "migrate").get(rnd.nextInt(4));
        // the shape of the script comes from its own generator, so the random scripts of the other seeds stay as
        // they were: one sequence in ten cuts a node off while HA is disarmed; every other one of the rest ends with
        // the nodes it cut off coming back; either way fences of nodes that left without a watchdog get cancelled
        Random shape = new Random(seed * 104_729 + 3);
        List<List<SimCommand>> cmdlist;
        if (shape.nextInt(10) == 0) {
            cmdlist = departureWhileDisarmed(rnd, names, sids);
        } else {
            cmdlist = script(rnd, names, sids);
            if (shape.nextBoolean()) {
                cmdlist.add(comeBack(cmdlist));
            }
        }
        Map<String, Map<String, Boolean>> running = new TreeMap<>();
        names.forEach(n -> running.put(n, new TreeMap<>()));
        return new SimCase(Path.of("fuzz-" + seed), nodes, services, new LinkedHashMap<>(), rulesText, rules,
                new TreeMap<>(), new LinkedHashMap<>(), crs, policy, 4, null, null, cmdlist, running);
    }

    private static String newSid(Random rnd, int i) {
        int kind = rnd.nextInt(10);
        if (kind < 7) {
            return "vm:" + (101 + i);
        }
        if (kind < 9) {
            return "ct:" + (201 + i);
        }
        // fa:<i><start failures><migrate failures>: starts and migrations that fail a few times
        return "fa:" + (1 + i % 9) + rnd.nextInt(3) + rnd.nextInt(2);
    }

    private static List<List<SimCommand>> script(Random rnd, List<String> nodes, List<String> sids) {
        List<List<SimCommand>> steps = new ArrayList<>();
        List<SimCommand> boot = new ArrayList<>();
        nodes.forEach(n -> boot.add(SimCommand.parse("power " + n + " on")));
        steps.add(boot);
        List<String> live = new ArrayList<>(sids);
        int next = 300;
        int stepCount = 5 + rnd.nextInt(7);
        for (int s = 0; s < stepCount; s++) {
            List<SimCommand> step = new ArrayList<>();
            Set<String> touched = new java.util.HashSet<>();
            int n = rnd.nextInt(4);
            for (int k = 0; k < n; k++) {
                String node = nodes.get(rnd.nextInt(nodes.size()));
                String other = nodes.get(rnd.nextInt(nodes.size()));
                String sid = live.isEmpty() ? null : live.get(rnd.nextInt(live.size()));
                String cmd = switch (rnd.nextInt(22)) {
                    case 0, 1 -> "power " + node + " off";
                    case 2, 3 -> "power " + node + " on";
                    case 4, 5 -> "network " + node + " off";
                    case 6 -> "network " + node + " on";
                    case 7 -> "reboot " + node;
                    case 8 -> "shutdown " + node;
                    case 9 -> rnd.nextBoolean() ? "crm " + node + " enable-node-maintenance"
                            : "crm " + node + " disable-node-maintenance";
                    case 10 -> rnd.nextInt(3) == 0 ? "crm " + node + " disarm-ha " + (rnd.nextBoolean() ? "freeze" : "ignore")
                            : "crm " + node + " arm-ha";
                    case 11 -> rnd.nextBoolean() ? "restart-lrm " + node : "crm " + node + " stop";
                    case 12, 13 -> sid == null ? null : "service " + sid + " " + (rnd.nextBoolean() ? "migrate" : "relocate")
                            + " " + other;
                    case 14 -> sid == null ? null : "service " + sid + " stop " + (rnd.nextBoolean() ? 0 : 30);
                    case 15, 16 -> sid == null ? null : "service " + sid + " "
                            + List.of("started", "started", "stopped", "disabled", "ignored").get(rnd.nextInt(5));
                    case 17 -> {
                        String added = "vm:" + (next++);
                        live.add(added);
                        yield "service " + added + " add " + node + (rnd.nextBoolean() ? "" : " stopped");
                    }
                    case 18 -> {
                        if (sid == null) {
                            yield null;
                        }
                        live.remove(sid);
                        yield "service " + sid + " delete";
                    }
                    case 19 -> "cfs " + node + " " + (rnd.nextBoolean() ? "rw" : "update") + " "
                            + (rnd.nextBoolean() ? "fail" : "work");
                    case 20 -> "skip-round " + (rnd.nextBoolean() ? "crm" : "lrm") + " " + (1 + rnd.nextInt(2));
                    default -> "delay " + (rnd.nextBoolean() ? 0 : 100);
                };
                // one hardware change per node and step keeps the script within what the reference simulator runs
                if (cmd == null || (!cmd.startsWith("service") && !cmd.startsWith("delay") && !touched.add(node))) {
                    continue;
                }
                step.add(SimCommand.parse(cmd));
            }
            steps.add(step);
        }
        return steps;
    }

    /**
     * Issue 13's hazard family: HA disarmed (either mode), requested states changed and a node powered off or cut
     * off while its agent holds no watchdog, HA re-armed, the node back some rounds later.
     */
    private static List<List<SimCommand>> departureWhileDisarmed(Random rnd, List<String> nodes, List<String> sids) {
        String manager = nodes.get(rnd.nextInt(nodes.size()));
        String node = nodes.get(rnd.nextInt(nodes.size()));
        String fault = rnd.nextBoolean() ? "power" : "network";
        List<List<SimCommand>> steps = new ArrayList<>();
        List<SimCommand> boot = new ArrayList<>();
        nodes.forEach(n -> boot.add(SimCommand.parse("power " + n + " on")));
        steps.add(boot);
        steps.add(List.of(SimCommand.parse("crm " + manager + " disarm-ha " + (rnd.nextBoolean() ? "ignore" : "freeze"))));
        List<SimCommand> away = new ArrayList<>(requestedStateChanges(rnd, sids));
        away.add(SimCommand.parse(fault + " " + node + " off"));
        steps.add(away);
        steps.add(List.of(SimCommand.parse("crm " + manager + " arm-ha")));
        for (int i = rnd.nextInt(3); i > 0; i--) {
            steps.add(requestedStateChanges(rnd, sids));
        }
        steps.add(List.of(SimCommand.parse(fault + " " + node + " on")));
        return steps;
    }

    private static List<SimCommand> requestedStateChanges(Random rnd, List<String> sids) {
        List<SimCommand> out = new ArrayList<>();
        for (int i = rnd.nextInt(3); i > 0; i--) {
            out.add(SimCommand.parse("service " + sids.get(rnd.nextInt(sids.size())) + " "
                    + List.of("started", "stopped", "disabled").get(rnd.nextInt(3))));
        }
        return out;
    }

    /** Power on the nodes whose last hardware command powered them off, network on for those cut off. */
    private static List<SimCommand> comeBack(List<List<SimCommand>> steps) {
        Map<String, SimCommand> last = new TreeMap<>();
        for (List<SimCommand> step : steps) {
            for (SimCommand cmd : step) {
                if (cmd.subject() != null && cmd.kind() != SimCommand.Kind.SERVICE && cmd.kind() != SimCommand.Kind.CRM) {
                    last.put(cmd.subject(), cmd);
                }
            }
        }
        List<SimCommand> back = new ArrayList<>();
        last.forEach((node, cmd) -> {
            if ((cmd.kind() == SimCommand.Kind.POWER || cmd.kind() == SimCommand.Kind.NETWORK)
                    && cmd.action().equals("off")) {
                back.add(SimCommand.parse(cmd.kind().name().toLowerCase() + " " + node + " on"));
            }
        });
        return back;
    }

    private static String cmdlistJson(SimCase c) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < c.cmdlist().size(); i++) {
            out.append(i > 0 ? ", " : "").append('[');
            List<SimCommand> step = c.cmdlist().get(i);
            for (int k = 0; k < step.size(); k++) {
                out.append(k > 0 ? ", " : "").append('"').append(step.get(k).text()).append('"');
            }
            out.append(']');
        }
        return out.append("] services=").append(c.services()).append(" rules=").append(c.rulesText())
                .append(" crs=").append(c.crs()).append(" policy=").append(c.shutdownPolicy()).toString();
    }
}
