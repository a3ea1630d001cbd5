package io.ballast.sim;

import java.util.List;
import java.util.Set;

/**
 * One parsed {@code cmdlist} command (FORMAT.md §2). {@code subject} is the node, or the resource id for
 * {@code service} commands; {@code action} the verb after it; {@code args} whatever follows.
 */
public record SimCommand(String text, Kind kind, String subject, String action, List<String> args) {

    public enum Kind { POWER, NETWORK, REBOOT, SHUTDOWN, RESTART_LRM, CRM, SERVICE, PVE_MANAGER_VERSION, CFS, DELAY,
        SKIP_ROUND }

    private static final Set<String> REQUESTED_STATES = Set.of("started", "stopped", "disabled", "ignored", "enabled");
    private static final Set<String> CRM_ACTIONS = Set.of("stop", "start", "enable-node-maintenance",
            "disable-node-maintenance", "disarm-ha", "arm-ha");

    public SimCommand {
        args = List.copyOf(args);
    }

    public String arg(int i) {
        return i < args.size() ? args.get(i) : null;
    }

    /**
     * Parses one command string.
     *
     * @throws IllegalArgumentException with a message naming the problem
     */
    public static SimCommand parse(String text) {
        String[] t = text.strip().split("\\s+");
        if (t.length == 0 || t[0].isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        String verb = t[0];
        switch (verb) {
            case "delay" -> {
                need(text, t.length == 2 && t[1].matches("\\d+"), "expected 'delay <seconds>'");
                return new SimCommand(text, Kind.DELAY, null, null, List.of(t[1]));
            }
            case "skip-round" -> {
                need(text, (t.length == 2 || t.length == 3) && t[1].matches("crm|lrm")
                        && (t.length == 2 || t[2].matches("\\d+")), "expected 'skip-round crm|lrm [<rounds>]'");
                return new SimCommand(text, Kind.SKIP_ROUND, null, t[1], t.length == 3 ? List.of(t[2]) : List.of("1"));
            }
            case "power", "network" -> {
                need(text, t.length == 3 && t[2].matches("on|off"), "expected '" + verb + " <node> on|off'");
                return new SimCommand(text, verb.equals("power") ? Kind.POWER : Kind.NETWORK, t[1], t[2], List.of());
            }
            case "reboot", "shutdown", "restart-lrm" -> {
                need(text, t.length == 2, "expected '" + verb + " <node>'");
                Kind k = verb.equals("reboot") ? Kind.REBOOT : verb.equals("shutdown") ? Kind.SHUTDOWN : Kind.RESTART_LRM;
                return new SimCommand(text, k, t[1], null, List.of());
            }
            case "cfs" -> {
                need(text, t.length == 4 && t[2].matches("rw|update") && t[3].matches("work|fail"),
                        "expected 'cfs <node> rw|update work|fail'");
                return new SimCommand(text, Kind.CFS, t[1], t[2], List.of(t[3]));
            }
            case "pve-manager-version" -> {
                need(text, t.length == 4 && t[2].equals("set"), "expected 'pve-manager-version <node> set <version>'");
                return new SimCommand(text, Kind.PVE_MANAGER_VERSION, t[1], "set", List.of(t[3]));
            }
            case "crm" -> {
                need(text, t.length >= 3 && CRM_ACTIONS.contains(t[2]),
                        "expected 'crm <node> " + String.join("|", new java.util.TreeSet<>(CRM_ACTIONS)) + "'");
                if (t[2].equals("disarm-ha")) {
                    need(text, t.length == 4 && t[3].matches("freeze|ignore"), "expected 'crm <node> disarm-ha freeze|ignore'");
                } else {
                    need(text, t.length == 3, "unexpected arguments after 'crm <node> " + t[2] + "'");
                }
                return new SimCommand(text, Kind.CRM, t[1], t[2], List.of(t).subList(3, t.length));
            }
            case "service" -> {
                return parseService(text, t);
            }
            default -> throw new IllegalArgumentException("unknown command '" + text + "'");
        }
    }

    private static SimCommand parseService(String text, String[] t) {
        need(text, t.length >= 3, "expected 'service <sid> <action> ...'");
        need(text, t[1].matches("(vm|ct|fa):\\d+"), "invalid resource id '" + t[1] + "' (expected vm|ct|fa:<number>)");
        String action = t[2];
        List<String> args = List.of(t).subList(3, t.length);
        int n = args.size();
        boolean ok;
        String usage;
        if (REQUESTED_STATES.contains(action)) {
            ok = n == 0;
            usage = "'service <sid> started|stopped|disabled|ignored'";
        } else {
            switch (action) {
                case "migrate", "relocate", "manual-migrate" -> {
                    ok = n == 1;
                    usage = "'service <sid> " + action + " <node>'";
                }
                case "stop" -> {
                    ok = n == 1 && args.get(0).matches("\\d+");
                    usage = "'service <sid> stop <timeout>'";
                }
                case "add" -> {
                    ok = n >= 1 && n <= 3 && (n < 2 || REQUESTED_STATES.contains(args.get(1)))
                            && (n < 3 || args.get(2).matches("[01]"));
                    usage = "'service <sid> add <node> [<state> [0|1]]'";
                }
                case "delete" -> {
                    ok = n == 0;
                    usage = "'service <sid> delete'";
                }
                case "lock", "unlock" -> {
                    ok = n <= 1;
                    usage = "'service <sid> " + action + " [<name>]'";
                }
                case "set-static-stats", "set-dynamic-stats" -> {
                    String keys = action.equals("set-static-stats") ? "maxcpu|maxmem" : "cpu|mem";
                    ok = n >= 2 && n % 2 == 0;
                    for (int i = 0; ok && i < n; i += 2) {
                        ok = args.get(i).matches(keys) && args.get(i + 1).matches("\\d+(\\.\\d+)?");
                    }
                    usage = "'service <sid> " + action + " [" + keys.replace("|", " <n>] [") + " <n>]'";
                }
                default -> throw new IllegalArgumentException("unknown service action '" + action + "' in '" + text + "'");
            }
        }
        need(text, ok, "expected " + usage);
        return new SimCommand(text, Kind.SERVICE, t[1], action, args);
    }

    private static void need(String text, boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("bad command '" + text + "': " + message);
        }
    }
}
