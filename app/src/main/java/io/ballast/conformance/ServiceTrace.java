package io.ballast.conformance;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reduces a log in {@code log.expect} layout to what the L1 and L2 comparisons look at: per resource the
 * ordered state/add/remove events and its final state and node. Only {@code <node>/crm} lines count and the
 * emitting node is dropped, so a different master does not make a difference. Lines that move a resource
 * without a state change (recovery, node fix-ups) update its node so later events carry the right one.
 */
public final class ServiceTrace {

    /** Final state of one resource; node is {@code ?} when the log never named it. */
    public record Final(String state, String node) {
        @Override
        public String toString() {
            return state + " node=" + node;
        }
    }

    private static final Pattern LINE = Pattern.compile("^([a-z]+)\\s+(\\d+)\\s+(\\S+): (.*)$");
    private static final String SID = "(?<sid>[a-z]+:[^\\s']+)";

    private static final Pattern STATE = Pattern.compile("^service '" + SID
            + "': state changed from '(?<old>[^']*)' to '(?<new>[^']*)'(?:\\s+\\((?<params>[^)]*)\\))?$");
    private static final Pattern DISARM_FREEZE = Pattern.compile("^disarm: freezing service '" + SID
            + "' \\(was '(?<old>[^']*)'\\)$");
    private static final Pattern ADD = Pattern.compile("^adding new service '" + SID + "' on node '(?<node>[^']*)'$");
    private static final Pattern REMOVE = Pattern.compile("^removing stale service '" + SID + "' \\((?<reason>[^)]*)\\)$");
    private static final Pattern RECOVER = Pattern.compile("^recover service '" + SID
            + "' from fenced node '[^']*' to node '(?<node>[^']*)'$");
    private static final Pattern RECOVER_SAME = Pattern.compile("^recover service '" + SID
            + "' to previous failed and fenced node '(?<node>[^']*)' again$");
    private static final Pattern DISARM_NODE_UPDATE = Pattern.compile("^service '" + SID
            + "': updating node '[^']*' => '(?<node>[^']*)' \\(changed while disarmed\\)$");
    private static final Pattern FIXUP = Pattern.compile("^fixup service '" + SID
            + "' location \\(\\S+ => (?<node>\\S+)\\)$");

    private final Map<String, String> nodes = new LinkedHashMap<>();
    private final Map<String, String> states = new LinkedHashMap<>();
    private final Map<String, List<TraceEvent>> events = new TreeMap<>();

    private ServiceTrace() {
    }

    /**
     * @param lines log lines
     * @param seed  sid → {node, state} from the case's {@code manager_status} (resources already in flight),
     *              may be empty
     */
    public static ServiceTrace of(List<String> lines, Map<String, Final> seed) {
        ServiceTrace trace = new ServiceTrace();
        seed.forEach((sid, f) -> {
            trace.nodes.put(sid, f.node());
            trace.states.put(sid, f.state());
        });
        for (String raw : lines) {
            Matcher line = LINE.matcher(raw);
            if (line.matches() && line.group(3).endsWith("/crm")) {
                trace.feed(Long.parseLong(line.group(2)), line.group(4).stripTrailing());
            }
        }
        return trace;
    }

    private void feed(long time, String msg) {
        Matcher m;
        if ((m = STATE.matcher(msg)).matches()) {
            onState(time, m);
        } else if ((m = DISARM_FREEZE.matcher(msg)).matches()) {
            String sid = m.group("sid");
            states.put(sid, "freeze");
            record(time, sid, sid + " " + m.group("old") + "->freeze node=" + nodeOf(sid) + " via=disarm");
        } else if ((m = ADD.matcher(msg)).matches()) {
            String sid = m.group("sid");
            nodes.put(sid, m.group("node"));
            states.put(sid, "added");
            record(time, sid, "add " + sid + " node=" + m.group("node"));
        } else if ((m = REMOVE.matcher(msg)).matches()) {
            String sid = m.group("sid");
            String reason = switch (m.group("reason")) {
                case "no config" -> "no-config";
                case "ignored state requested" -> "ignored";
                default -> slug(m.group("reason"));
            };
            states.put(sid, "removed");
            nodes.putIfAbsent(sid, null);
            record(time, sid, "remove " + sid + " reason=" + reason);
        } else if ((m = RECOVER.matcher(msg)).matches() || (m = RECOVER_SAME.matcher(msg)).matches()
                || (m = DISARM_NODE_UPDATE.matcher(msg)).matches() || (m = FIXUP.matcher(msg)).matches()) {
            nodes.put(m.group("sid"), m.group("node"));
        }
    }

    private void onState(long time, Matcher m) {
        String sid = m.group("sid");
        Map<String, String> params = new TreeMap<>();
        if (m.group("params") != null) {
            for (String part : m.group("params").split(",")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    params.put(part.substring(0, eq).strip(), part.substring(eq + 1).strip());
                }
            }
        }
        String named = params.remove("node");
        String node = named != null ? named : nodeOf(sid);
        StringBuilder text = new StringBuilder(sid).append(' ').append(m.group("old")).append("->")
                .append(m.group("new")).append(" node=").append(node);
        String target = params.remove("target");
        if (target != null) {
            text.append(" target=").append(target);
        }
        params.forEach((k, v) -> text.append(' ').append(k).append('=').append(v));
        if (!"?".equals(node)) {
            nodes.put(sid, node);
        }
        states.put(sid, m.group("new"));
        record(time, sid, text.toString());
    }

    private String nodeOf(String sid) {
        String node = nodes.get(sid);
        return node == null ? "?" : node;
    }

    private void record(long time, String sid, String text) {
        events.computeIfAbsent(sid, k -> new ArrayList<>()).add(new TraceEvent(time, sid, text));
    }

    private static String slug(String text) {
        return text.toLowerCase().replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    }

    /** sid → ordered events (L2 material). */
    public SortedMap<String, List<TraceEvent>> events() {
        return Collections.unmodifiableSortedMap((SortedMap<String, List<TraceEvent>>) events);
    }

    /** sid → final state and node (L1 material), for every resource with a known state. */
    public SortedMap<String, Final> finals() {
        SortedMap<String, Final> out = new TreeMap<>();
        states.forEach((sid, state) -> {
            if (state != null) {
                out.put(sid, new Final(state, nodeOf(sid)));
            }
        });
        return out;
    }
}
