package io.ballast.manager.loop;

import io.ballast.manager.store.ManagerStore;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.ballast.config.ClusterProperties;
import io.ballast.core.HaManager;
import io.ballast.rulebase.RuleBaseService;
import io.ballast.sim.SimCase;
import io.ballast.sim.WhatIf;
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
        return ask(seed(), events, true, deadline);
    }

    /** The cluster as the database holds it (in the caller's transaction, if any), and the rules it was read with. */
    private record Seeded(SimCase now, RoundRules rules) {
    }

    private Seeded seed() {
        RoundRules rules = new RoundRules(ruleBases);
        return new Seeded(tx.execute(s -> SimulatedCluster.seed(store, rules, List.of())), rules);
    }

    /** @param explain add each named resource's placement explanation (headroom and admission need none) */
    private Map<String, Object> ask(Seeded seeded, Map<String, List<String>> events, boolean explain,
                                    Deadline deadline) {
        SimCase now = seeded.now();
        List<String> questions;
        try {
            questions = WhatIf.questions(now, events);
        } catch (WhatIf.BadQuestion bad) {
            throw ApiException.invalid(bad.field(), bad.reason());
        }
        int resources = now.services().size();
        int nodes = now.nodes().size();
        try (HeapBudget.Reservation held = heap.reserve(estimatedBytes(resources, nodes),
                resources + " resources on " + nodes + " nodes")) {
            return simulate(now, questions, seeded.rules(), deadline, explain);
        } catch (SimulationStopped stopped) {
            throw timedOut(deadline, stopped.simulatedTime());
        }
    }

    /** Every node's questions on one reading of the state, each within its own time limit. */
    private java.util.function.Function<Map<String, List<String>>, Map<String, Object>> questionsOn(Seeded seeded) {
        return events -> ask(seeded, events, false, Deadline.after(limits.timeout()));
    }

    /**
     * Failure headroom (N+1) of the cluster as the database holds it ({@link WhatIf#headroom}); inside a
     * transaction that has written but not committed a change, the answer includes that change.
     */
    public Map<String, Object> headroom() {
        Seeded seeded = seed();
        return WhatIf.headroom(List.copyOf(seeded.now().nodes().keySet()), questionsOn(seeded));
    }

    /** Node → HA resources its failure would leave down (only nodes with any), for admission checks. */
    public Map<String, List<String>> unrecoverable() {
        Seeded seeded = seed();
        return WhatIf.unrecoverable(List.copyOf(seeded.now().nodes().keySet()), questionsOn(seeded));
    }

    private Map<String, Object> simulate(SimCase now, List<String> questions, RoundRules rules, Deadline deadline,
                                         boolean explain) {
        io.ballast.core.PlacementTags tags = io.ballast.core.PlacementTags.of(cluster.tagsByNode(), Map::of);
        SimulationResult result = WhatIf.run(now, questions,
                () -> new HaManager(rules::checker, tags, cluster.memoryOvercommitPercent())::round, deadline::passed);
        Map<String, Object> out = WhatIf.answer(now, questions, result);
        // the same explanation GET /resources/{sid}/placement gives, for every resource the answer names
        if (explain && result.finalInput() != null) {
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
}
