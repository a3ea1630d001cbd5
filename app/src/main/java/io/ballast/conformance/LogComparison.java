package io.ballast.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Compares a produced log with an expected one at the levels of FORMAT.md §6:
 * L1 = every resource ends in the same state on the same node; L2 = per resource, the same ordered
 * add/remove/state-change events (timing and interleaving between resources are free). L2 implies L1.
 *
 * @param l1Problems one line per resource whose final state differs (empty = L1 passes)
 * @param l2Problems one line per resource whose event sequence differs, naming the first differing step
 */
public record LogComparison(List<String> l1Problems, List<String> l2Problems) {

    public LogComparison {
        l1Problems = List.copyOf(l1Problems);
        l2Problems = List.copyOf(l2Problems);
    }

    public boolean l1() {
        return l1Problems.isEmpty();
    }

    public boolean l2() {
        return l2Problems.isEmpty();
    }

    /** The first problem, preferring L1's, or "" when both pass. */
    public String firstProblem() {
        if (!l1Problems.isEmpty()) {
            return l1Problems.get(0);
        }
        return l2Problems.isEmpty() ? "" : l2Problems.get(0);
    }

    public static LogComparison compare(List<String> expected, List<String> produced,
                                        Map<String, ServiceTrace.Final> seed) {
        ServiceTrace exp = ServiceTrace.of(expected, seed);
        ServiceTrace got = ServiceTrace.of(produced, seed);
        return new LogComparison(finalDifferences(exp, got), sequenceDifferences(exp, got));
    }

    private static List<String> finalDifferences(ServiceTrace exp, ServiceTrace got) {
        List<String> problems = new ArrayList<>();
        var e = exp.finals();
        var g = got.finals();
        TreeSet<String> sids = new TreeSet<>(e.keySet());
        sids.addAll(g.keySet());
        for (String sid : sids) {
            ServiceTrace.Final ef = e.get(sid);
            ServiceTrace.Final gf = g.get(sid);
            if (ef == null || !ef.equals(gf)) {
                problems.add(sid + ": expected " + (ef == null ? "absent" : ef) + ", got " + (gf == null ? "absent" : gf));
            }
        }
        return problems;
    }

    private static List<String> sequenceDifferences(ServiceTrace exp, ServiceTrace got) {
        List<String> problems = new ArrayList<>();
        TreeSet<String> sids = new TreeSet<>(exp.events().keySet());
        sids.addAll(got.events().keySet());
        for (String sid : sids) {
            List<String> e = texts(exp.events().getOrDefault(sid, List.of()));
            List<String> g = texts(got.events().getOrDefault(sid, List.of()));
            if (e.equals(g)) {
                continue;
            }
            int i = 0;
            while (i < e.size() && i < g.size() && e.get(i).equals(g.get(i))) {
                i++;
            }
            problems.add(String.format("%s: step %d expected '%s', got '%s' (%d vs %d steps)", sid, i + 1,
                    i < e.size() ? e.get(i) : "<end>", i < g.size() ? g.get(i) : "<end>", e.size(), g.size()));
        }
        return problems;
    }

    private static List<String> texts(List<TraceEvent> events) {
        return events.stream().map(TraceEvent::text).toList();
    }
}
