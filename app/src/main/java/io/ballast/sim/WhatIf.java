package io.ballast.sim;

import io.ballast.core.ManagerStatus;
import io.ballast.core.ServiceStatus;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What-if questions and failure headroom on a cluster state, without Spring or a database: the live service
 * seeds the state from its database ({@code WhatIfService}), {@code ballast headroom} from a scenario directory.
 * The events are applied after the cluster has settled, and the decision core runs until nothing changes.
 */
public final class WhatIf {

    /** Node events a question may contain, in the simulator's command syntax. */
    private static final Map<String, String> EVENTS = Map.of(
            "fail", "power %s off",
            "isolate", "network %s off",
            "maintenance", "crm %s enable-node-maintenance");

    /** A question that names an unknown event or node; {@code field} is the event kind as asked. */
    public static final class BadQuestion extends IllegalArgumentException {
        private final String field;

        BadQuestion(String field, String reason) {
            super(field + ": " + reason);
            this.field = field;
        }

        public String field() {
            return field;
        }

        public String reason() {
            return getMessage().substring(field.length() + 2);
        }
    }

    private WhatIf() {
    }

    /** The question as simulator commands, checked against the state's nodes. */
    public static List<String> questions(SimCase now, Map<String, List<String>> events) {
        List<String> questions = new ArrayList<>();
        events.forEach((kind, nodes) -> {
            String format = EVENTS.get(kind);
            if (format == null) {
                throw new BadQuestion(kind, "unknown event; use one of " + new TreeSet<>(EVENTS.keySet()));
            }
            for (String node : nodes) {
                if (!now.nodes().containsKey(node)) {
                    throw new BadQuestion(kind, "no such node '" + node + "'");
                }
                questions.add(String.format(format, node));
            }
        });
        if (questions.isEmpty()) {
            throw new BadQuestion("fail", "name at least one node under fail, isolate or maintenance");
        }
        return questions;
    }

    /**
     * Runs the question on {@code now}: every node powered on, then the asked events, until the decision core
     * has nothing left to do or {@code stop} answers true ({@link SimulationStopped}).
     */
    public static SimulationResult run(SimCase now, List<String> questions, Supplier<ManagerRound> managers,
                                       BooleanSupplier stop) {
        List<SimCommand> powerOn = now.nodes().keySet().stream().map(n -> SimCommand.parse("power " + n + " on")).toList();
        List<SimCommand> asked = questions.stream().map(SimCommand::parse).toList();
        SimCase scenario = new SimCase(now.dir(), now.nodes(), now.services(), now.managerStatus(), now.rulesText(),
                now.rules(), now.groups(), now.datacenter(), now.crs(), now.shutdownPolicy(), now.maxWorkers(),
                now.staticStats(), now.dynamicStats(), List.of(powerOn, asked), now.runningGuests());
        return Simulation.run(scenario, null, managers, stop);
    }

    /** The answer: moves, resources left not running, those that stayed, the imbalance after, the log. */
    public static Map<String, Object> answer(SimCase now, List<String> questions, SimulationResult result) {
        ManagerStatus after = result.managerStatus();
        List<Map<String, Object>> moves = new ArrayList<>();
        List<Map<String, Object>> down = new ArrayList<>();
        List<Map<String, Object>> stayed = new ArrayList<>();
        now.services().forEach((sid, spec) -> {
            ServiceStatus s = after == null ? null : after.serviceStatus().get(sid);
            String to = result.serviceNodes().get(sid);
            String state = s == null ? null : s.state().key();
            if (to != null && !to.equals(spec.node())) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("sid", sid);
                m.put("from", spec.node());
                m.put("to", to);
                m.put("state", state);
                moves.add(m);
            } else if (to != null) {
                stayed.add(new LinkedHashMap<>(Map.of("sid", sid, "node", to)));
            }
            boolean wanted = "started".equals(spec.state());
            if (wanted && !"started".equals(state)) {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("sid", sid);
                d.put("node", to);
                d.put("state", state);
                down.add(d);
            }
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("events", questions);
        out.put("completed", result.completed());
        if (result.error() != null) {
            out.put("error", result.error());
        }
        out.put("simulated_seconds", result.endTime());
        out.put("moves", moves);
        out.put("not_running", down);
        out.put("stayed", stayed);
        if (result.finalInput() != null) {
            // the imbalance the rebalancer would compare afterwards, on the nodes still online
            out.put("imbalance_after", Math.round(LiveSimulation.usageOf(result.finalInput()).imbalance() * 1000) / 1000.0);
        }
        out.put("log", logFromFirstEvent(result.logLines(), questions));
        return out;
    }

    /**
     * Failure headroom (N+1): for each node, what its failure would leave down (HA resources requested started
     * that the rules and capacity let nowhere else) and what its maintenance could not move off it, each by a
     * what-if ({@code ask}) of the same decision core, one after the other.
     */
    public static Map<String, Object> headroom(List<String> nodes, Function<Map<String, List<String>>, Map<String, Object>> ask) {
        Map<String, Object> perNode = new LinkedHashMap<>();
        List<String> notSurvived = new ArrayList<>();
        for (String node : nodes) {
            Map<String, Object> fail = ask.apply(Map.of("fail", List.of(node)));
            Map<String, Object> maintenance = ask.apply(Map.of("maintenance", List.of(node)));
            List<String> lost = sids(fail.get("not_running"), null);
            List<String> stuck = sids(maintenance.get("stayed"), node);
            Map<String, Object> row = new LinkedHashMap<>();
            Map<String, Object> failed = new LinkedHashMap<>();
            failed.put("not_recovered", lost);
            failed.put("moves", ((List<?>) fail.get("moves")).size());
            failed.put("imbalance_after", fail.get("imbalance_after"));
            failed.put("completed", fail.get("completed"));
            row.put("fail", failed);
            row.put("maintenance", Map.of("not_moved", stuck, "moves", ((List<?>) maintenance.get("moves")).size(),
                    "completed", maintenance.get("completed")));
            perNode.put(node, row);
            if (!lost.isEmpty()) {
                notSurvived.add(node);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("n_plus_1", notSurvived.isEmpty());
        out.put("failures_not_survived", notSurvived);
        out.put("nodes", perNode);
        return out;
    }

    /**
     * For admission: node → the HA resources its failure would leave down, by a failure what-if per node
     * (maintenance is not asked: admission is about surviving a failure).
     */
    public static Map<String, List<String>> unrecoverable(List<String> nodes,
                                                          Function<Map<String, List<String>>, Map<String, Object>> ask) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String node : nodes) {
            List<String> lost = sids(ask.apply(Map.of("fail", List.of(node))).get("not_running"), null);
            if (!lost.isEmpty()) {
                out.put(node, lost);
            }
        }
        return out;
    }

    /** The sids of an answer's rows, those on {@code node} only when given. */
    private static List<String> sids(Object rows, String node) {
        List<String> out = new ArrayList<>();
        for (Object o : (List<?>) rows) {
            Map<?, ?> row = (Map<?, ?>) o;
            if (node == null || node.equals(row.get("node"))) {
                out.add((String) row.get("sid"));
            }
        }
        return out;
    }

    /** The log from the first asked event on (the settling rounds before it are the cluster as it is). */
    private static List<String> logFromFirstEvent(List<String> lines, List<String> questions) {
        Set<String> markers = new HashSet<>();
        questions.forEach(q -> markers.add("execute " + q));
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (markers.stream().anyMatch(line::endsWith)) {
                return lines.subList(i, lines.size());
            }
        }
        return lines;
    }
}
