package io.ballast.core;

import io.ballast.planner.usage.NodeUsage;
import io.ballast.planner.usage.ResourceStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The fingerprint a proposal was computed on, in three parts so an expiry can say what changed: placement (every
 * resource's state and node, every node's state), configuration (resources, rules, groups, CRS settings other than
 * the automation level) and usage (what the usage model counts, rounded so measurement noise in dynamic mode does
 * not expire a proposal every round: 0.1 CPU, 64 MiB).
 */
record ProposalBasis(String placement, String configuration, String usage) {

    private static final double CPU_STEP = 0.1;
    private static final double MEM_STEP = 64.0 * 1024 * 1024;

    static ProposalBasis of(RoundContext ctx) {
        StringBuilder p = new StringBuilder();
        ctx.ss.forEach((sid, e) -> p.append(sid).append('=').append(e.state.key()).append('@').append(e.node)
                .append('>').append(e.target).append(';'));
        for (String n : new TreeSet<>(ctx.ns.nodes())) {
            p.append(n).append(':').append(ctx.ns.state(n).key()).append(';');
        }
        StringBuilder c = new StringBuilder();
        // the guest's node and lock belong to placement, not to what an administrator configured
        ctx.sc.values().forEach(cd -> c.append(cd.sid()).append(':').append(cd.requestedState()).append('/')
                .append(cd.maxRestart()).append('/').append(cd.maxRelocate()).append('/').append(cd.failback())
                .append('/').append(cd.group()).append(';'));
        c.append(ctx.input.rules()).append(';').append(ctx.input.groups()).append(';')
                .append(ctx.input.crs().withAutomationLevel(null));
        StringBuilder u = new StringBuilder();
        for (NodeUsage n : ctx.usage.model().nodeUsage()) {
            u.append(n.name()).append(':').append(round(n.maxCpu(), CPU_STEP)).append('/')
                    .append(round(n.maxMem(), MEM_STEP)).append(';');
        }
        for (String sid : ctx.ss.keySet()) {
            ResourceStats stats = ctx.usage.statsOf(sid);
            double[] load = ctx.usage.model().movedLoad(stats == null ? ResourceStats.NONE : stats);
            u.append(sid).append(':').append(round(load[0], CPU_STEP)).append('/').append(round(load[1], MEM_STEP))
                    .append(';');
        }
        return new ProposalBasis(hash(p), hash(c), hash(u));
    }

    /** {@code p=…;c=…;u=…}, as stored with the proposal. */
    String encoded() {
        return "p=" + placement + ";c=" + configuration + ";u=" + usage;
    }

    /** What changed since {@code earlier} (an encoded basis), or null when nothing did. */
    String changeSince(String earlier) {
        if (encoded().equals(earlier)) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        String e = earlier == null ? "" : earlier;
        if (!e.contains("p=" + placement + ";")) {
            parts.add("placement");
        }
        if (!e.contains(";c=" + configuration + ";")) {
            parts.add("configuration");
        }
        if (!e.endsWith(";u=" + usage)) {
            parts.add("usage");
        }
        return "cluster changed since the proposal was computed: " + String.join(", ", parts);
    }

    private static long round(double value, double step) {
        return Math.round(value / step);
    }

    /** FNV-1a, 64 bits: stable across runs and JVMs (String.hashCode is too short for a fingerprint). */
    private static String hash(CharSequence text) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            h ^= ch & 0xff;
            h *= 0x100000001b3L;
            h ^= ch >>> 8;
            h *= 0x100000001b3L;
        }
        return String.format(Locale.ROOT, "%016x", h);
    }
}
