package io.ballast.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.rules.RuleCheckers;
import io.ballast.rules.compiled.CompiledRules;
import io.ballast.rules.config.Affinity;
import io.ballast.rules.config.NodeAffinityRule;
import io.ballast.rules.config.ResourceAffinityRule;
import io.ballast.rules.config.RuleSet;
import io.ballast.rules.facts.PlacementFactsDrl.NodeFact;
import io.ballast.rules.placement.PolicySession;
import io.ballast.rules.placement.PolicyUnit;
import io.ballast.rules.placement.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Randomized agreement between the decision core and the placement policy: over thousands of generated clusters
 * (node affinity with priorities, strict or not, keep-separate and keep-together rules, nodes failing, coming back
 * and going into maintenance), every node the core sends a resource to is one the DRL policy allows for it and is
 * in its best allowed class. The policy is asked independently: a fresh session over the state the round left.
 */
class PlacementPolicyAgreementTest {

    private static final int CLUSTERS = 2_000;
    private static final int ROUNDS = 24;

    @Test
    void everyPlacementIsAllowedByThePolicyAndInTheBestAllowedClass() {
        List<String> violations = new ArrayList<>();
        int placements = 0;
        for (int seed = 0; seed < CLUSTERS && violations.isEmpty(); seed++) {
            placements += runCluster(new Random(seed), seed, violations);
        }
        assertThat(violations).as("placements the policy does not allow").isEmpty();
        assertThat(placements).as("placements checked").isGreaterThan(CLUSTERS);
    }

    private static int runCluster(Random rnd, int seed, List<String> violations) {
        int nodeCount = 3 + rnd.nextInt(3);
        String[] names = new String[nodeCount];
        for (int i = 0; i < nodeCount; i++) {
            names[i] = "node" + (i + 1);
        }
        Cluster c = new Cluster(names);
        int resources = 3 + rnd.nextInt(7);
        List<String> sids = new ArrayList<>();
        for (int i = 0; i < resources; i++) {
            String sid = "vm:" + (100 + i);
            sids.add(sid);
            c.service(sid, names[rnd.nextInt(nodeCount)], rnd.nextInt(6) == 0 ? "stopped" : "started");
            if (rnd.nextInt(4) == 0) {
                ServiceConfig s = c.services.get(sid);
                c.services.put(sid, new ServiceConfig(sid, s.node(), s.requestedState(), 1, 1, false, null, null));
            }
        }
        c.rules = randomRules(rnd, sids, names);
        int placements = 0;
        // the oracle: a session of its own, handed the state each round left (never the core's session)
        try (PolicySession oracle = new PolicySession(RuleCheckers.packagedBase())) {
            for (int r = 1; r <= ROUNDS; r++) {
                event(rnd, c, names);
                RoundOutput out = c.round(r * 20L);
                placements += check(seed, r, c, out, oracle, violations);
                answerEveryRequest(c);
            }
        }
        return placements;
    }

    private static RuleSet randomRules(Random rnd, List<String> sids, String[] nodes) {
        List<NodeAffinityRule> nodeRules = new ArrayList<>();
        List<ResourceAffinityRule> resourceRules = new ArrayList<>();
        List<String> pool = new ArrayList<>(sids);
        java.util.Collections.shuffle(pool, rnd);
        int order = 0;
        int i = 0;
        while (i < pool.size()) {
            int kind = rnd.nextInt(5);
            if (kind <= 1 && i < pool.size()) {
                SortedMap<String, Integer> prio = new TreeMap<>();
                int listed = 1 + rnd.nextInt(Math.min(3, nodes.length));
                while (prio.size() < listed) {
                    prio.put(nodes[rnd.nextInt(nodes.length)], rnd.nextInt(3));
                }
                int members = 1 + rnd.nextInt(2);
                List<String> rs = pool.subList(i, Math.min(pool.size(), i + members));
                nodeRules.add(new NodeAffinityRule("na" + order, List.copyOf(rs), prio, rnd.nextBoolean(), false, null,
                        ++order));
                i += rs.size();
            } else if (kind == 2 && i + 1 < pool.size()) {
                List<String> rs = pool.subList(i, Math.min(pool.size(), i + 2 + rnd.nextInt(2)));
                resourceRules.add(new ResourceAffinityRule("apart" + order, List.copyOf(rs), Affinity.NEGATIVE, false,
                        null, ++order));
                i += rs.size();
            } else if (kind == 3 && i + 1 < pool.size()) {
                List<String> rs = pool.subList(i, i + 2);
                resourceRules.add(new ResourceAffinityRule("together" + order, List.copyOf(rs), Affinity.POSITIVE,
                        false, null, ++order));
                i += 2;
            } else {
                i++;
            }
        }
        // a few rules across the groups above: keep-separate between members of different rules
        if (sids.size() >= 4 && rnd.nextBoolean()) {
            resourceRules.add(new ResourceAffinityRule("apart-x", List.of(pool.get(0), pool.get(pool.size() - 1)),
                    Affinity.NEGATIVE, false, null, ++order));
        }
        return new RuleSet(nodeRules, resourceRules);
    }

    /** One random event: a node fails or comes back, or maintenance is switched on or off. */
    private static void event(Random rnd, Cluster c, String[] names) {
        String node = names[1 + rnd.nextInt(names.length - 1)]; // node1 is the master and stays up
        switch (rnd.nextInt(8)) {
            case 0 -> {
                if (c.online.size() > 2) {
                    c.online.remove(node);
                    c.freeLocks.add(node);
                }
            }
            case 1 -> {
                c.online.add(node);
                c.freeLocks.remove(node);
            }
            case 2 -> c.commands.add("enable-node-maintenance " + node);
            case 3 -> c.commands.add("disable-node-maintenance " + node);
            default -> {
            }
        }
    }

    /** The LRMs finish every request: starts, stops and migrations succeed. */
    private static void answerEveryRequest(Cluster c) {
        for (var e : c.status.serviceStatus().entrySet()) {
            ServiceStatus s = e.getValue();
            if (s.node() != null && c.online.contains(s.node()) && s.uid() != null) {
                c.lrmAnswers(e.getKey(), LrmStatus.SUCCESS);
            }
        }
    }

    /** Checks every move the round decided against a fresh policy session over the state it left. */
    private static int check(int seed, int round, Cluster c, RoundOutput out, PolicySession policy,
                             List<String> violations) {
        CompiledRules compiled = RuleCheckers.defaultChecker()
                .check(c.rules, c.nodes, new TreeSet<>(c.services.keySet())).compiled();
        ManagerStatus st = out.status();
        int checked = 0;
        {
            List<NodeFact> nodes = new ArrayList<>();
            for (String n : c.nodes) {
                NodeState ns = st.nodeStatus().get(n);
                nodes.add(new NodeFact(n, ns == NodeState.ONLINE, ns == NodeState.MAINTENANCE));
            }
            policy.nodes(nodes);
            st.serviceStatus().forEach((sid, s) -> {
                policy.occupies(sid, s.state().occupancy(s.node(), s.target()));
                ServiceConfig cfg = c.services.get(sid);
                policy.unit(new PolicyUnit(sid, s.node(), s.maintenanceNode(), cfg == null || cfg.failback(), false,
                        compiled.nodeAffinityOf(sid), compiled.keepApart(sid), List.of(), new TreeSet<>(), null));
            });
            for (var e : st.serviceStatus().entrySet()) {
                String sid = e.getKey();
                ServiceStatus s = e.getValue();
                boolean recovered = out.effects().stream().anyMatch(f -> f instanceof Effect.ServiceConfigMoved m
                        && m.sid().equals(sid));
                String target = s.state().isMoving() ? s.target()
                        : recovered && s.state() != ServiceState.RECOVERY ? s.node() : null;
                if (target == null || out.log().stream().noneMatch(l -> l.message().contains("'" + sid + "'")
                        && l.message().contains(target))) {
                    continue; // not moved this round
                }
                checked++;
                Verdict v = policy.verdict(sid);
                Integer priority = v.allowed().get(target);
                if (priority == null) {
                    violations.add("seed " + seed + " round " + round + ": " + sid + " sent to " + target
                            + ", which the policy excludes: " + v.reasonsAgainst(target));
                } else if (v.preferredClass() != null && priority < v.preferredClass()) {
                    violations.add("seed " + seed + " round " + round + ": " + sid + " sent to " + target
                            + " (priority " + priority + ") below the best allowed class " + v.preferredClass()
                            + " " + v.allowed());
                }
            }
        }
        return checked;
    }
}
