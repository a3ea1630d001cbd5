package io.ballast.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.planner.usage.NodeStats;
import io.ballast.planner.usage.ResourceStats;
import io.ballast.rules.pve.CrsConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Automation levels: the same rebalancing decision runs at once (full) or waits in a proposal (partial, manual). */
class AutomationLevelTest {
    private static final long GIB = 1024L * 1024 * 1024;
    private static final List<String> NODES = List.of("node1", "node2", "node3", "node4");

    /** Eight equal guests on node1 of four equal nodes, auto-rebalance on with {@code method}, no hold. */
    private static Cluster skewed(String method, String level) {
        Cluster c = new Cluster(NODES.toArray(String[]::new));
        NODES.forEach(n -> c.nodeStats.put(n, new NodeStats(n, 24, 32 * GIB, 0, 0)));
        for (int i = 101; i <= 108; i++) {
            c.service("vm:" + i, "node1", "started");
            c.serviceStats.put("vm:" + i, new ResourceStats(2, 4 * GIB, 0, 0));
        }
        c.crs = new CrsConfig("static", false, true, 30, method, 0, 10, level);
        return c;
    }

    private static List<ProposalEvent> events(Cluster c) {
        return c.last.proposals();
    }

    private static boolean anyMoving(Cluster c) {
        return c.status.serviceStatus().values().stream()
                .anyMatch(s -> s.state() == ServiceState.MIGRATE || s.state() == ServiceState.RELOCATE);
    }

    /** Rounds until a proposal is created (the LRMs answer every migration), or null. */
    private static Proposal firstProposal(Cluster c, int rounds) {
        for (int round = 1; round <= rounds; round++) {
            c.round(20L * round);
            for (ProposalEvent e : events(c)) {
                if (e instanceof ProposalEvent.Created created) {
                    return created.proposal();
                }
            }
        }
        return null;
    }

    private static void answerMigrations(Cluster c) {
        for (String sid : c.services.keySet()) {
            if (c.service(sid).state() == ServiceState.MIGRATE) {
                c.lrmAnswers(sid, LrmStatus.SUCCESS);
            }
        }
    }

    @Test
    void fullLevelMovesAtOnceAndProposesNothing() {
        Cluster c = skewed("plan", "full");
        boolean moved = false;
        for (int round = 1; round <= 5 && !moved; round++) {
            c.round(20L * round);
            assertThat(events(c)).isEmpty();
            moved = anyMoving(c);
        }
        assertThat(moved).as("full automation migrates without approval").isTrue();
        assertThat(c.last.proposal()).isNull();
    }

    @Test
    void partialLevelProposesThePlanWaveByWaveAndMovesNothing() {
        Cluster c = skewed("plan", "partial");
        Proposal p = firstProposal(c, 5);

        assertThat(p).isNotNull();
        assertThat(p.state()).isEqualTo(Proposal.PROPOSED);
        assertThat(p.method()).isEqualTo("plan");
        assertThat(p.waves()).isNotEmpty();
        assertThat(p.imbalanceBefore()).isGreaterThan(0.3);
        double previous = p.imbalanceBefore();
        for (Proposal.Wave w : p.waves()) {
            assertThat(w.imbalanceAfter()).as("every wave lowers the imbalance").isLessThan(previous);
            previous = w.imbalanceAfter();
            assertThat(w.moves()).allSatisfy(m -> {
                assertThat(m.from()).isEqualTo("node1");
                assertThat(m.to()).isIn(NODES).isNotEqualTo("node1");
                assertThat(m.kind()).isEqualTo("migrate");
                assertThat(m.memory()).isEqualTo(4 * GIB);
                assertThat(m.reason()).contains("plan (");
            });
        }
        assertThat(previous).as("the plan reaches the threshold").isLessThanOrEqualTo(0.3);
        assertThat(anyMoving(c)).isFalse();

        // later rounds keep the same proposal and still move nothing
        for (int round = 10; round <= 15; round++) {
            c.round(20L * round);
            assertThat(events(c)).isEmpty();
            assertThat(c.last.proposal()).isEqualTo(p);
            assertThat(anyMoving(c)).isFalse();
        }
    }

    @Test
    void appliedProposalRunsItsWavesThenIsDone() {
        Cluster c = skewed("plan", "partial");
        Proposal p = firstProposal(c, 5);
        Map<String, String> expected = new TreeMap<>();
        p.waves().forEach(w -> w.moves().forEach(m -> expected.put(m.sid(), m.to())));
        c.proposal = new Proposal(p.id(), Proposal.APPLIED, p.createdAt(), p.method(), p.imbalanceBefore(), p.waves(),
                p.basis(), 0);

        List<Integer> wavesStarted = new ArrayList<>();
        boolean done = false;
        for (int round = 10; round <= 60 && !done; round++) {
            c.round(20L * round);
            for (ProposalEvent e : events(c)) {
                if (e instanceof ProposalEvent.WaveStarted w) {
                    assertThat(w.id()).isEqualTo(p.id());
                    assertThat(w.skipped()).isEmpty();
                    wavesStarted.add(w.wave());
                }
                assertThat(e).isNotInstanceOf(ProposalEvent.Expired.class).isNotInstanceOf(ProposalEvent.Created.class);
                done |= e instanceof ProposalEvent.Done;
            }
            answerMigrations(c);
        }
        assertThat(done).isTrue();
        assertThat(c.last.proposal()).isNull();
        List<Integer> all = new ArrayList<>();
        for (int i = 1; i <= p.waves().size(); i++) {
            all.add(i);
        }
        assertThat(wavesStarted).isEqualTo(all);
        expected.forEach((sid, node) -> assertThat(c.service(sid).node()).as(sid).isEqualTo(node));
    }

    @Test
    void aChangedClusterExpiresTheProposalWithWhatChanged() {
        Cluster c = skewed("bruteforce", "partial");
        Proposal p = firstProposal(c, 5);
        assertThat(p.waves()).hasSize(1);
        assertThat(p.waves().get(0).moves()).hasSize(1);
        assertThat(p.waves().get(0).moves().get(0).reason()).contains("bruteforce: best single move");

        c.serviceStats.put("vm:108", new ResourceStats(4, 8 * GIB, 0, 0));
        c.round(400);

        assertThat(events(c)).first().isInstanceOfSatisfying(ProposalEvent.Expired.class, e -> {
            assertThat(e.id()).isEqualTo(p.id());
            assertThat(e.reason()).contains("usage").doesNotContain("placement").doesNotContain("configuration");
        });
    }

    @Test
    void anAppliedProposalWhoseClusterChangedBeforeItsFirstWaveExpires() {
        Cluster c = skewed("bruteforce", "partial");
        Proposal p = firstProposal(c, 5);
        c.proposal = new Proposal(p.id(), Proposal.APPLIED, p.createdAt(), p.method(), p.imbalanceBefore(), p.waves(),
                p.basis(), 0);
        c.service("vm:109", "node2", "started");
        c.serviceStats.put("vm:109", new ResourceStats(2, 4 * GIB, 0, 0));
        c.round(400);

        assertThat(events(c)).singleElement().isInstanceOfSatisfying(ProposalEvent.Expired.class,
                e -> assertThat(e.reason()).contains("configuration").contains("before its first wave"));
        assertThat(anyMoving(c)).isFalse();
    }

    @Test
    void aDismissedProposalIsNotProposedAgainUntilTheClusterChanges() {
        Cluster c = skewed("bruteforce", "partial");
        Proposal p = firstProposal(c, 5);
        c.proposal = new Proposal(p.id(), Proposal.DISMISSED, p.createdAt(), p.method(), p.imbalanceBefore(),
                p.waves(), p.basis(), 0);
        for (int round = 10; round <= 20; round++) {
            c.round(20L * round);
            assertThat(events(c)).isEmpty();
            assertThat(anyMoving(c)).isFalse();
        }
        c.serviceStats.put("vm:108", new ResourceStats(4, 8 * GIB, 0, 0));
        assertThat(firstProposal(c, 30)).as("proposed again once the usage changed").isNotNull();
    }

    @Test
    void switchingToFullExpiresTheOpenProposalAndRebalancesAtOnce() {
        Cluster c = skewed("bruteforce", "manual");
        Proposal p = firstProposal(c, 5);
        c.crs = c.crs.withAutomationLevel("full");
        boolean moved = false;
        for (int round = 10; round <= 15 && !moved; round++) {
            c.round(20L * round);
            if (round == 10) {
                assertThat(events(c)).singleElement().isInstanceOfSatisfying(ProposalEvent.Expired.class,
                        e -> assertThat(e.reason()).contains("automation level is now full"));
            }
            moved = anyMoving(c);
        }
        assertThat(p).isNotNull();
        assertThat(moved).isTrue();
    }

    @Test
    void maintenanceEvacuationStaysAutomaticAtManual() {
        Cluster c = new Cluster("node1", "node2", "node3");
        c.service("vm:101", "node3", "started");
        c.crs = CrsConfig.DEFAULTS.withAutomationLevel("manual");
        c.round(20);
        c.commands.add("enable-node-maintenance node3");
        c.round(40);
        c.lrmMode("node3", LrmMode.MAINTENANCE);
        c.round(60);

        assertThat(c.service("vm:101").state()).isEqualTo(ServiceState.MIGRATE);
        assertThat(c.last.proposals()).isEmpty();
    }

    /** A guest evacuated for maintenance: back at once at partial, proposed at manual. */
    private static Cluster afterMaintenance(String level) {
        Cluster c = new Cluster("node1", "node2", "node3");
        c.service("vm:101", "node3", "started");
        c.crs = CrsConfig.DEFAULTS.withAutomationLevel(level);
        c.round(20);
        c.commands.add("enable-node-maintenance node3");
        c.round(40);
        c.lrmMode("node3", LrmMode.MAINTENANCE);
        c.round(60);
        c.lrmAnswers("vm:101", LrmStatus.SUCCESS);
        c.round(80);
        c.commands.add("disable-node-maintenance node3");
        c.lrmMode("node3", LrmMode.ACTIVE);
        c.round(100);
        return c;
    }

    @Test
    void failbackIsAutomaticAtPartialAndProposedAtManual() {
        Cluster partial = afterMaintenance("partial");
        assertThat(partial.service("vm:101").state()).isEqualTo(ServiceState.MIGRATE);
        assertThat(partial.service("vm:101").target()).isEqualTo("node3");

        Cluster manual = afterMaintenance("manual");
        String evacuatedTo = manual.service("vm:101").node();
        assertThat(evacuatedTo).isNotEqualTo("node3");
        assertThat(manual.service("vm:101").state()).isEqualTo(ServiceState.STARTED);
        assertThat(manual.last.proposals()).singleElement().isInstanceOfSatisfying(ProposalEvent.Created.class, e -> {
            assertThat(e.proposal().method()).isEqualTo("failback");
            Proposal.Move m = e.proposal().waves().get(0).moves().get(0);
            assertThat(m.sid()).isEqualTo("vm:101");
            assertThat(m.from()).isEqualTo(evacuatedTo);
            assertThat(m.to()).isEqualTo("node3");
            assertThat(m.reason()).contains("return to maintenance node node3");
        });
        manual.round(120);
        assertThat(manual.last.proposals()).as("the same proposal stays open").isEmpty();
        assertThat(manual.service("vm:101").node()).isEqualTo(evacuatedTo);

        Proposal p = manual.proposal;
        manual.proposal = new Proposal(p.id(), Proposal.APPLIED, p.createdAt(), p.method(), p.imbalanceBefore(),
                p.waves(), p.basis(), 0);
        manual.round(140);
        assertThat(manual.service("vm:101").state()).isEqualTo(ServiceState.MIGRATE);
        assertThat(manual.service("vm:101").target()).isEqualTo("node3");
    }
}
