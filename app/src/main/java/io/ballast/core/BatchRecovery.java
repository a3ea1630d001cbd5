package io.ballast.core;

import io.ballast.planner.PlanRequest;
import io.ballast.planner.PlanResult;
import io.ballast.planner.Planner;
import io.ballast.planner.rebalance.RebalanceMethod;
import io.ballast.planner.usage.NodeUsage;
import io.ballast.planner.usage.ResourceStats;
import io.ballast.planner.usage.SchedulerMode;
import io.ballast.planner.usage.UsageModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Method {@code plan} (Ballast): the resources waiting for recovery in one round, and those to evacuate from
 * nodes in maintenance, are placed by one Timefold solve per batch instead of one after the other, so a
 * batch spreads by capacity as a whole. Each resource's nodes are
 * the ones {@link NodeSelector} allows (hard filters, then its best priority class); keep-separate pairs inside
 * the batch are hard; everything already running is fixed load. Keep-together members and the basic mode keep
 * the sequential 5.2 placement. The recovery step still checks every planned node before using it.
 */
final class BatchRecovery {
    private static final String FIXED_PREFIX = "#fixed:";
    /** Failover and evacuation batches: only the batch is planned, on step limits only (no wall clock). */
    static final PlanRequest.Settings SETTINGS = new PlanRequest.Settings(false, 1, 4, null, 0, 200, 50, null, true);

    /** Which resources a batch holds. */
    enum Kind {
        RECOVERY("resources in recovery"), EVACUATION("resources leaving maintenance nodes");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    private final RoundContext ctx;
    private final Kind kind;
    private Map<String, String> planned;
    private String summary;

    BatchRecovery(RoundContext ctx, Kind kind) {
        this.ctx = ctx;
        this.kind = kind;
    }

    /** The planned node for {@code sid}, or null when the batch plan does not cover it. */
    String target(String sid) {
        if (planned == null) {
            planned = plan();
        }
        return planned.get(sid);
    }

    String summary() {
        return summary;
    }

    private boolean inBatch(ServiceEntry e) {
        return switch (kind) {
            case RECOVERY -> e.state == ServiceState.RECOVERY;
            case EVACUATION -> e.state == ServiceState.STARTED && e.cmd == null
                    && ctx.ns.state(e.node) == NodeState.MAINTENANCE;
        };
    }

    private Map<String, String> plan() {
        Map<String, String> out = new TreeMap<>();
        UsageModel model = ctx.usage.model();
        if (RebalanceMethod.parse(ctx.input.crs().method()) != RebalanceMethod.PLAN
                || model.mode() == SchedulerMode.BASIC) {
            return out;
        }
        NodeSelector selector = ctx.selector();
        List<PlanRequest.Unit> units = new ArrayList<>();
        for (var e : ctx.ss.entrySet()) {
            String sid = e.getKey();
            if (!inBatch(e.getValue()) || !ctx.rules.positivePartners(sid).isEmpty()) {
                continue;
            }
            Map<String, Integer> allowed = selector.bestClass(sid);
            if (allowed.isEmpty()) {
                continue;
            }
            double[] load = model.movedLoad(ctx.usage.statsOf(sid) == null ? ResourceStats.NONE : ctx.usage.statsOf(sid));
            units.add(new PlanRequest.Unit(sid, List.of(sid), load[0], (long) load[1], null, allowed, null, false));
        }
        if (units.size() < 2) {
            return out; // nothing to gain over the sequential choice
        }
        Set<String> online = ctx.usage.online();
        List<PlanRequest.Node> nodes = new ArrayList<>();
        for (NodeUsage n : model.nodeUsage()) {
            if (!online.contains(n.name()) || n.maxCpu() <= 0 || n.maxMem() <= 0) {
                continue;
            }
            nodes.add(new PlanRequest.Node(n.name(), n.maxCpu(), (long) n.maxMem()));
            if (n.cpu() > 1e-9 || n.mem() > 0.5) {
                units.add(new PlanRequest.Unit(FIXED_PREFIX + n.name(), List.of(), n.cpu(), (long) n.mem(), n.name(),
                        Map.of(n.name(), 0), null, false));
            }
        }
        Set<String> batch = new java.util.TreeSet<>();
        units.stream().filter(u -> !u.id().startsWith(FIXED_PREFIX)).forEach(u -> batch.add(u.id()));
        Set<String> nodeNames = new java.util.TreeSet<>();
        nodes.forEach(n -> nodeNames.add(n.name()));
        List<PlanRequest.Unit> usable = units.stream()
                .filter(u -> nodeNames.containsAll(u.allowed().keySet()) || u.id().startsWith(FIXED_PREFIX))
                .toList();
        List<PlanRequest.SeparatePair> separate = new ArrayList<>();
        for (String sid : batch) {
            for (String partner : ctx.rules.negativePartners(sid)) {
                if (batch.contains(partner) && sid.compareTo(partner) < 0) {
                    separate.add(new PlanRequest.SeparatePair(sid, partner));
                }
            }
        }
        PlanResult result = new Planner().plan(new PlanRequest(usable, nodes, separate, SETTINGS));
        if (!result.feasible()) {
            return out;
        }
        for (PlanResult.Placement p : result.placements()) {
            if (batch.contains(p.unit()) && p.to() != null) {
                out.put(p.unit(), p.to());
            }
        }
        summary = String.format(java.util.Locale.ROOT, "batch plan for %d %s, imbalance %.4f after, score %s",
                out.size(), kind.label, result.imbalanceAfter(), result.score());
        return out;
    }
}
