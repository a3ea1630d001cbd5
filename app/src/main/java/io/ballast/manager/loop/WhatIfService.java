package io.ballast.manager.loop;

import io.ballast.manager.store.ManagerStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.ballast.config.ClusterProperties;
import io.ballast.core.HaManager;
import io.ballast.core.ManagerStatus;
import io.ballast.core.ServiceStatus;
import io.ballast.rulebase.RuleBaseService;
import io.ballast.sim.SimCase;
import io.ballast.sim.SimCommand;
import io.ballast.sim.Simulation;
import io.ballast.sim.SimulationResult;
import io.ballast.sim.SimulationStopped;
import io.ballast.web.ApiException;
import io.ballast.web.Deadline;
import io.ballast.web.HeapBudget;

/**
 * Answers "what happens if ...?" without touching the cluster: the state the database holds (nodes, resources
 * where they run, manager status, rules, CRS settings) is copied into the simulator, the events are applied
 * after the cluster has settled, and the same decision core runs until nothing changes any more. The answer
 * lists every resource that would move, those left without a running copy, and the manager's log from the
 * first event on.
 */
@Component
public class WhatIfService {

    /** Node events a question may contain, in the simulator's command syntax. */
    private static final Map<String, String> EVENTS = Map.of(
            "fail", "power %s off",
            "isolate", "network %s off",
            "maintenance", "crm %s enable-node-maintenance");

    /**
     * Working-set estimate (bytes): a fixed part, and per resource the state copy, the round inputs and
     * sessions, the log and the answer's placement explanations (one row per node). Measured peaks of live heap
     * are in docs/security.md#bounded-work ({@code WhatIfHeapTest}); these constants are above them.
     */
    static final long BASE_BYTES = 8L << 20;
    static final long BYTES_PER_RESOURCE = 64L << 10;
    static final long BYTES_PER_RESOURCE_NODE = 2L << 10;

    private final ManagerStore store;
    private final TransactionTemplate tx;
    private final RuleBaseService ruleBases;
    private final ClusterProperties cluster;
    private final WhatIfProperties limits;
    private final HeapBudget heap;

    WhatIfService(ManagerStore store, TransactionTemplate tx, RuleBaseService ruleBases, ClusterProperties cluster,
                  WhatIfProperties limits) {
        this.store = store;
        this.tx = tx;
        this.ruleBases = ruleBases;
        this.cluster = cluster;
        this.limits = limits;
        this.heap = new HeapBudget("what-if", "ballast.what-if.max-heap-fraction", limits.maxHeapFraction(),
                Runtime.getRuntime().maxMemory(), limits.retryAfterSeconds());
    }

    /** The estimated working set of a what-if over {@code resources} resources on {@code nodes} nodes. */
    public static long estimatedBytes(int resources, int nodes) {
        return BASE_BYTES + resources * (BYTES_PER_RESOURCE + nodes * BYTES_PER_RESOURCE_NODE);
    }

    /** Bytes all what-ifs may hold together ({@code max-heap-fraction} × the JVM's maximum heap). */
    public long heapLimit() {
        return heap.limit();
    }

    /**
     * @param events kind ("fail", "isolate", "maintenance") → node names
     * @throws ApiException 400 naming the field for an unknown kind or node, or a question without events
     */
    public Map<String, Object> ask(Map<String, List<String>> events) {
        Deadline deadline = Deadline.after(limits.timeout());
        RoundRules rules = new RoundRules(ruleBases);
        SimCase now = tx.execute(s -> SimulatedCluster.seed(store, rules, List.of()));
        List<String> questions = new ArrayList<>();
        events.forEach((kind, nodes) -> {
            String format = EVENTS.get(kind);
            if (format == null) {
                throw ApiException.invalid(kind, "unknown event; use one of " + new java.util.TreeSet<>(EVENTS.keySet()));
            }
            for (String node : nodes) {
                if (!now.nodes().containsKey(node)) {
                    throw ApiException.invalid(kind, "no such node '" + node + "'");
                }
                questions.add(String.format(format, node));
            }
        });
        if (questions.isEmpty()) {
            throw ApiException.invalid("fail", "name at least one node under fail, isolate or maintenance");
        }
        List<SimCommand> powerOn = now.nodes().keySet().stream().map(n -> SimCommand.parse("power " + n + " on")).toList();
        List<SimCommand> asked = questions.stream().map(SimCommand::parse).toList();
        SimCase scenario = new SimCase(now.dir(), now.nodes(), now.services(), now.managerStatus(), now.rulesText(),
                now.rules(), now.groups(), now.datacenter(), now.crs(), now.shutdownPolicy(), now.maxWorkers(),
                now.staticStats(), now.dynamicStats(), List.of(powerOn, asked), now.runningGuests());
        int resources = now.services().size();
        int nodes = now.nodes().size();
        try (HeapBudget.Reservation held = heap.reserve(estimatedBytes(resources, nodes),
                resources + " resources on " + nodes + " nodes")) {
            return simulate(now, scenario, questions, rules, deadline);
        } catch (SimulationStopped stopped) {
            throw timedOut(deadline, stopped.simulatedTime());
        }
    }

    /**
     * Failure headroom (N+1): for each node, what its failure would leave down (HA resources requested started
     * that the rules and capacity let nowhere else) and what its maintenance could not move off it, each answered
     * by a what-if of the same decision core. Runs the what-ifs one after the other, each with its own time limit.
     */
    public Map<String, Object> headroom() {
        List<String> nodes = tx.execute(s -> store.nodes());
        Map<String, Object> perNode = new LinkedHashMap<>();
        List<String> notSurvived = new ArrayList<>();
        for (String node : nodes) {
            Map<String, Object> fail = ask(Map.of("fail", List.of(node)));
            Map<String, Object> maintenance = ask(Map.of("maintenance", List.of(node)));
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

    private Map<String, Object> simulate(SimCase now, SimCase scenario, List<String> questions, RoundRules rules,
                                         Deadline deadline) {
        io.ballast.core.PlacementTags tags = io.ballast.core.PlacementTags.of(cluster.tagsByNode(), Map::of);
        SimulationResult result = Simulation.run(scenario, null,
                () -> new HaManager(rules::checker, tags, cluster.memoryOvercommitPercent())::round, deadline::passed);
        Map<String, Object> out = answer(now, questions, result);
        // the same explanation GET /resources/{sid}/placement gives, for every resource the answer names
        if (result.finalInput() != null) {
            HaManager explainer = new HaManager(rules::checker, tags, cluster.memoryOvercommitPercent());
            for (String key : List.of("moves", "not_running")) {
                for (Object o : (List<?>) out.get(key)) {
                    if (deadline.passed()) {
                        throw new SimulationStopped(result.endTime());
                    }
                    @SuppressWarnings("unchecked")
                    Map<String, Object> row = (Map<String, Object>) o;
                    var e = explainer.explain(result.finalInput(), (String) row.get("sid"));
                    if (e != null) {
                        row.put("placement", PlacementView.of(e));
                    }
                }
            }
        }
        return out;
    }

    private ApiException timedOut(Deadline deadline, long simulatedTime) {
        return ApiException.timeout("what-if: stopped after " + deadline.budget().toMillis() + " ms (ballast.what-if.timeout)"
                + " at simulated second " + simulatedTime + "; nothing was changed", limits.retryAfterSeconds());
    }

    private static Map<String, Object> answer(SimCase now, List<String> questions, SimulationResult result) {
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
            out.put("imbalance_after", Math.round(io.ballast.sim.LiveSimulation.usageOf(result.finalInput()).imbalance()
                    * 1000) / 1000.0);
        }
        out.put("log", logFromFirstEvent(result.logLines(), questions));
        return out;
    }

    /** The log from the first asked event on (the settling rounds before it are the cluster as it is). */
    private static List<String> logFromFirstEvent(List<String> lines, List<String> questions) {
        Set<String> markers = new java.util.HashSet<>();
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
