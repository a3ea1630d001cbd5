package io.ballast.proxmox;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.core.HaManager;
import io.ballast.core.NodeState;
import io.ballast.core.ServiceState;
import io.ballast.rules.pve.CrsConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * End to end: the decision core runs against the fake Proxmox VE cluster; every effect on the cluster is
 * a real API call (or the recovery command), asserted on the fake server's request log.
 */
class ProxmoxEnvironmentTest {

    static final class Catalog implements ProxmoxEnvironment.ResourceCatalog {
        final SortedMap<String, ManagedResource> map = new TreeMap<>();

        @Override
        public SortedMap<String, ManagedResource> resources() {
            return map;
        }

        @Override
        public void requestedStateChanged(String sid, String state) {
            map.computeIfPresent(sid, (k, r) -> r.withRequestedState(state));
        }
    }

    private final Catalog catalog = new Catalog();
    private long now = 1000;

    private ProxmoxEnvironment env(FakePve pve, ProxmoxProperties p) {
        PveClient c = new PveClient(p, d -> { });
        PveHypervisor h = new PveHypervisor(c, new PveTasks(c, p, d -> { }), p);
        return new ProxmoxEnvironment(new PveObserver(c), h, Fencer.of(p.fencing()), pve.mover(), catalog,
                p, HaManager::new);
    }

    private RoundReport round(ProxmoxEnvironment env) {
        RoundReport r = env.round(now);
        now += 10;
        return r;
    }

    private void manage(String... sids) {
        for (String sid : sids) {
            catalog.map.put(sid, ManagedResource.started(sid));
        }
    }

    /** A running VM 100 on {@code node}, managed by Ballast, after two quiet rounds. */
    private ProxmoxEnvironment settledVm100(FakePve pve, String node) {
        pve.addGuest(100, "qemu", node, true, 2, 4 * FakePve.GIB);
        manage("vm:100");
        ProxmoxEnvironment env = env(pve, pve.props());
        settle(env, this, 2);
        return env;
    }

    /** A running VM 100 on pve2, managed, with a fence agent that answers {@code agent} ("true" or "false"). */
    private ProxmoxEnvironment vm100OnPve2FencedBy(FakePve pve, String agent) {
        pve.addGuest(100, "qemu", "pve2", true, 2, 4 * FakePve.GIB);
        manage("vm:100");
        ProxmoxEnvironment env = env(pve, pve.props().withFencing(new ProxmoxProperties.Fencing("command", null,
                List.of(agent), null, false)));
        settle(env, this, 2);
        return env;
    }

    /** The first half of a round, as the service runs it before persisting: decided, nothing acted on yet. */
    private RoundReport decideOnly(ProxmoxEnvironment env, FakePve pve) {
        RoundReport decided = env.decide(now, new PveObserver(new PveClient(pve.props(), d -> { })).observe());
        now += 10;
        return decided;
    }

    private static void settle(ProxmoxEnvironment env, ProxmoxEnvironmentTest t, int rounds) {
        for (int i = 0; i < rounds; i++) {
            t.round(env);
        }
    }

    @Test
    void recoversGuestsOfFailedNodeOnlyAfterFencingWithMoveThenStartCalls() throws Exception {
        try (FakePve pve = FakePve.threeNodes()) {
            pve.addGuest(100, "qemu", "pve2", true, 2, 4 * FakePve.GIB);
            pve.addGuest(101, "lxc", "pve2", true, 1, FakePve.GIB);
            pve.addGuest(102, "qemu", "pve1", true, 2, 4 * FakePve.GIB);
            manage("vm:100", "ct:101", "vm:102");
            ProxmoxEnvironment env = env(pve, pve.props());
            settle(env, this, 3);
            assertThat(pve.actions()).as("running guests need no call").isEmpty();
            assertThat(env.status().serviceStatus().values()).allMatch(s -> s.state() == ServiceState.STARTED);

            pve.setOnline("pve2", false);
            long dropped = now;
            List<String> timeline = new ArrayList<>();
            while (now < dropped + 300) {
                int before = pve.actions().size();
                round(env);
                for (String a : pve.actions().subList(before, pve.actions().size())) {
                    timeline.add((now - 10 - dropped) + "s " + a);
                }
            }

            assertThat(env.status().nodeStatus().get("pve2")).isEqualTo(NodeState.UNKNOWN);
            // nothing before the 180 s self-fence delay; then config moves, then starts on the new node
            assertThat(timeline).hasSize(4);
            assertThat(timeline).allSatisfy(l -> assertThat(Long.parseLong(l.split("s ")[0])).isGreaterThanOrEqualTo(180));
            List<String> calls = timeline.stream().map(l -> l.substring(l.indexOf("s ") + 2)).toList();
            assertThat(calls.get(0)).startsWith("MOVE-CONFIG lxc 101 pve2 -> ");
            assertThat(calls.get(1)).startsWith("MOVE-CONFIG qemu 100 pve2 -> ");
            String ctTarget = calls.get(0).substring(calls.get(0).lastIndexOf(' ') + 1);
            String vmTarget = calls.get(1).substring(calls.get(1).lastIndexOf(' ') + 1);
            assertThat(List.of(ctTarget, vmTarget)).allMatch(n -> n.equals("pve1") || n.equals("pve3"));
            // the two starts run in parallel on different nodes
            assertThat(calls.subList(2, 4)).containsExactlyInAnyOrder(
                    "POST /nodes/" + ctTarget + "/lxc/101/status/start",
                    "POST /nodes/" + vmTarget + "/qemu/100/status/start");
            assertThat(pve.guests.get(100).status).isEqualTo("running");
            assertThat(pve.guests.get(101).status).isEqualTo("running");
            assertThat(env.status().serviceStatus().get("vm:100").node()).isEqualTo(vmTarget);
            assertThat(env.status().serviceStatus().get("vm:100").state()).isEqualTo(ServiceState.STARTED);
        }
    }

    @Test
    void fenceAgentConfirmationRecoversWithoutWaitingForTheSelfFenceDelay() throws Exception {
        try (FakePve pve = FakePve.threeNodes()) {
            ProxmoxEnvironment env = vm100OnPve2FencedBy(pve, "true");

            pve.setOnline("pve2", false);
            long dropped = now;
            while (pve.actions().isEmpty() && now < dropped + 300) {
                round(env);
            }

            // 60 s until the node is fenced, one round later the agent's confirmation is used
            assertThat(now - 10 - dropped).isBetween(60L, 90L);
            assertThat(pve.actions().get(0)).matches("MOVE-CONFIG qemu 100 pve2 -> pve[13]");
        }
    }

    @Test
    void underTheOperatorPolicyOnlyAnOperatorsConfirmationRecoversAndItLapsesWhenTheNodeReturns() throws Exception {
        try (FakePve pve = FakePve.threeNodes()) {
            pve.addGuest(100, "qemu", "pve2", true, 2, 4 * FakePve.GIB);
            manage("vm:100");
            ProxmoxProperties p = pve.props().withFencing(new ProxmoxProperties.Fencing("operator", null, null, null, false));
            ProxmoxEnvironment env = env(pve, p);
            settle(env, this, 2);

            pve.setOnline("pve2", false);
            settle(env, this, 40);
            assertThat(pve.actions()).as("400 s without a proof: nothing recovered").isEmpty();
            assertThat(env.status().nodeStatus().get("pve2")).isEqualTo(NodeState.FENCE);

            env.setConfirmedOff(java.util.Set.of("pve2"));
            settle(env, this, 4);
            assertThat(pve.actions()).first().asString().matches("MOVE-CONFIG qemu 100 pve2 -> pve[13]");
            settle(env, this, 3);
            assertThat(pve.guests.get(100).status).isEqualTo("running");
        }
    }

    @Test
    void aFailedConfigMoveIsRetriedWithItsOutputLoggedAndTheLeftoverLockRemovedBeforeTheStart() throws Exception {
        try (FakePve pve = FakePve.threeNodes()) {
            ProxmoxEnvironment env = vm100OnPve2FencedBy(pve, "true");
            pve.guests.get(100).lock = "backup";   // left by a backup the node's failure interrupted
            pve.failConfigMoves = 1;

            pve.setOnline("pve2", false);
            List<String> agent = new ArrayList<>();
            for (int i = 0; i < 30 && (pve.guests.get(100).node.equals("pve2")
                    || !"running".equals(pve.guests.get(100).status)); i++) {
                agent.addAll(round(env).agentLog());
            }

            assertThat(agent).anySatisfy(l -> assertThat(l).contains("warning: moving config of vm:100 from 'pve2'"
                    + " failed (try 1 of 3, again next round): ssh: connect to host"));
            assertThat(pve.actions()).hasSize(3);
            assertThat(pve.actions().get(0)).matches("MOVE-CONFIG qemu 100 pve2 -> pve[13]");
            assertThat(pve.actions().get(1)).isEqualTo("UNLOCK 100 backup");
            assertThat(pve.actions().get(2)).matches("POST /nodes/pve[13]/qemu/100/status/start");
            assertThat(pve.guests.get(100).lock).isNull();
            assertThat(pve.guests.get(100).status).isEqualTo("running");
        }
    }

    @Test
    void aCutOffNodesGuestsLookingRunningForFiveMinutesAreRecoveredOnlyAfterTheFenceAndStartOnce() throws Exception {
        try (FakePve pve = FakePve.threeNodes()) {
            ProxmoxEnvironment env = vm100OnPve2FencedBy(pve, "true");

            pve.setOnline("pve2", false);
            for (int i = 0; i < 30 && pve.guests.get(100).node.equals("pve2"); i++) {
                assertThat(new PveObserver(new PveClient(pve.props(), d -> { })).observe().guests().get("vm:100")
                        .running()).as("the cluster still shows its last values").isTrue();
                round(env);
            }
            settle(env, this, 4);

            assertThat(pve.actions()).hasSize(2);
            assertThat(pve.actions().get(0)).matches("MOVE-CONFIG qemu 100 pve2 -> pve[13]");
            assertThat(pve.actions().get(1)).matches("POST /nodes/pve[13]/qemu/100/status/start");
            assertThat(pve.guests.get(100).status).isEqualTo("running");
        }
    }

    @Test
    void withoutFenceConfirmationGuestsAreNeverRecovered() throws Exception {
        try (FakePve pve = FakePve.threeNodes()) {
            ProxmoxEnvironment env = vm100OnPve2FencedBy(pve, "false");

            pve.setOnline("pve2", false);
            settle(env, this, 30);

            assertThat(pve.actions()).isEmpty();
            assertThat(env.status().nodeStatus().get("pve2")).isEqualTo(NodeState.FENCE);
            assertThat(env.status().serviceStatus().get("vm:100").state()).isEqualTo(ServiceState.FENCE);
        }
    }

    @Test
    void maintenanceEvacuatesByLiveMigration() throws Exception {
        try (FakePve pve = FakePve.threeNodes()) {
            pve.addGuest(100, "qemu", "pve1", true, 2, 4 * FakePve.GIB);
            pve.addGuest(101, "lxc", "pve1", true, 1, FakePve.GIB);
            pve.addGuest(102, "qemu", "pve2", true, 2, 4 * FakePve.GIB);
            manage("vm:100", "ct:101", "vm:102");
            ProxmoxEnvironment env = env(pve, pve.props());
            settle(env, this, 3);

            env.submit("enable-node-maintenance pve1");
            settle(env, this, 6);

            assertThat(env.status().nodeStatus().get("pve1")).isEqualTo(NodeState.MAINTENANCE);
            List<String> actions = pve.actions();
            // both run in the same wave (max-workers 4, max-migrations 2), so in either order
            assertThat(actions).hasSize(2);
            assertThat(actions).anySatisfy(a -> assertThat(a)
                    .matches("POST /nodes/pve1/lxc/101/migrate \\{restart=1, target=pve[23], timeout=180}"));
            assertThat(actions).anySatisfy(a -> assertThat(a)
                    .matches("POST /nodes/pve1/qemu/100/migrate \\{online=1, target=pve[23], with-local-disks=1}"));
            assertThat(pve.guests.values()).allSatisfy(g -> {
                assertThat(g.node).isNotEqualTo("pve1");
                assertThat(g.status).isEqualTo("running");
            });
            assertThat(env.status().serviceStatus().get("vm:100").maintenanceNode()).isEqualTo("pve1");
        }
    }

    @Test
    void restartedBallastContinuesFromTheSavedManagerStatus() throws Exception {
        try (FakePve pve = FakePve.threeNodes()) {
            pve.addGuest(100, "qemu", "pve1", true, 2, 4 * FakePve.GIB);
            pve.addGuest(101, "qemu", "pve2", false, 2, 4 * FakePve.GIB);
            manage("vm:100");
            catalog.map.put("vm:101", ManagedResource.started("vm:101").withRequestedState("stopped"));
            ProxmoxEnvironment env = env(pve, pve.props());
            settle(env, this, 3);
            env.submit("enable-node-maintenance pve1");
            settle(env, this, 5);
            pve.clearRequests();

            ProxmoxEnvironment restarted = env(pve, pve.props());
            restarted.restore(env.status(), env.agentTasks(), 2);
            settle(restarted, this, 4);

            assertThat(restarted.status().nodeStatus().get("pve1")).isEqualTo(NodeState.MAINTENANCE);
            assertThat(restarted.status().maintenanceRequests()).containsExactly("pve1");
            assertThat(restarted.status().serviceStatus().get("vm:100").maintenanceNode()).isEqualTo("pve1");
            assertThat(restarted.status().serviceStatus().get("vm:101").state()).isEqualTo(ServiceState.STOPPED);
            assertThat(pve.actions()).isEmpty();
        }
    }

    @Test
    void aLongMigrationBlocksNoRoundAndOtherGuestsAreServedMeanwhile() throws Exception {
        try (FakePve pve = FakePve.threeNodes()) {
            pve.addGuest(100, "qemu", "pve1", true, 2, 4 * FakePve.GIB);
            manage("vm:100");
            ProxmoxEnvironment env = env(pve, pve.props());
            settle(env, this, 2);
            pve.taskPolls = 1_000;   // a migration that runs for 1,000 rounds
            env.submit("migrate vm:100 pve2");
            round(env);
            pve.taskPolls = 0;
            pve.addGuest(101, "qemu", "pve3", false, 2, 4 * FakePve.GIB);
            manage("vm:101");

            for (int i = 0; i < 4; i++) {
                round(env);
            }

            assertThat(pve.actions()).containsExactly("POST /nodes/pve1/qemu/100/migrate {online=1, target=pve2, with-local-disks=1}",
                    "POST /nodes/pve3/qemu/101/status/start");
            assertThat(pve.guests.get(101).status).isEqualTo("running");
            assertThat(env.status().serviceStatus().get("vm:101").state()).isEqualTo(ServiceState.STARTED);
            assertThat(env.status().serviceStatus().get("vm:100").state()).isEqualTo(ServiceState.MIGRATE);
            assertThat(env.agentTasks()).filteredOn(t -> t.sid().equals("vm:100")).singleElement()
                    .satisfies(t -> assertThat(t.phase()).isEqualTo(AgentTask.Phase.RUNNING));
        }
    }

    @Test
    void aMigrationPostedBeforeACrashIsFollowedByTheNextManagerNotPostedAgain() throws Exception {
        try (FakePve pve = FakePve.threeNodes()) {
            pve.addGuest(100, "qemu", "pve1", true, 2, 4 * FakePve.GIB);
            manage("vm:100");
            pve.taskPolls = 4;
            ProxmoxEnvironment env = env(pve, pve.props());
            settle(env, this, 3);
            env.submit("migrate vm:100 pve2");
            round(env);
            round(env);
            assertThat(pve.actions()).containsExactly("POST /nodes/pve1/qemu/100/migrate {online=1, target=pve2, with-local-disks=1}");
            assertThat(env.agentTasks()).singleElement().satisfies(t -> {
                assertThat(t.phase()).isEqualTo(AgentTask.Phase.RUNNING);
                assertThat(t.upid()).startsWith("UPID:pve1:");
            });

            // the process dies; the next one continues from what was persisted
            ProxmoxEnvironment next = env(pve, pve.props());
            next.restore(env.status(), env.agentTasks(), 2);
            for (int i = 0; i < 8 && next.status().serviceStatus().get("vm:100").state() != ServiceState.STARTED; i++) {
                round(next);
            }

            assertThat(pve.actions()).hasSize(1);
            assertThat(pve.guests.get(100).node).isEqualTo("pve2");
            assertThat(next.status().serviceStatus().get("vm:100").node()).isEqualTo("pve2");
            assertThat(next.status().serviceStatus().get("vm:100").state()).isEqualTo(ServiceState.STARTED);
        }
    }

    @Test
    void aPostWhoseAnswerWasLostInACrashIsFoundInTheNodesTaskListNotPostedAgain() throws Exception {
        try (FakePve pve = FakePve.threeNodes()) {
            pve.addGuest(100, "qemu", "pve1", true, 2, 4 * FakePve.GIB);
            manage("vm:100");
            pve.taskPolls = 2;
            ProxmoxEnvironment env = env(pve, pve.props());
            settle(env, this, 3);
            env.submit("migrate vm:100 pve3");
            // the round is decided and persisted; the process dies right after the POST, before its UPID is saved
            RoundReport decided = decideOnly(env, pve);
            AgentTask planned = decided.agentTasks().stream().filter(t -> t.step().equals("migrate")).findFirst()
                    .orElseThrow();
            java.util.List<AgentTask> persisted = new java.util.ArrayList<>();
            env.act(decided, new AgentJournal() {
                @Override
                public <T> T fenced(java.util.function.Supplier<T> action) {
                    return action.get();
                }

                @Override
                public void record(AgentTask task) {
                    if (task.phase() == AgentTask.Phase.POSTING) {
                        persisted.add(task);
                    }
                }
            });
            assertThat(persisted).singleElement().satisfies(t -> assertThat(t.uid()).isEqualTo(planned.uid()));

            ProxmoxEnvironment next = env(pve, pve.props());
            next.restore(decided.output().status(), persisted, 2);
            for (int i = 0; i < 8 && next.status().serviceStatus().get("vm:100").state() != ServiceState.STARTED; i++) {
                round(next);
            }

            assertThat(pve.actions()).containsExactly("POST /nodes/pve1/qemu/100/migrate {online=1, target=pve3, with-local-disks=1}");
            assertThat(pve.guests.get(100).node).isEqualTo("pve3");
            assertThat(next.status().serviceStatus().get("vm:100").state()).isEqualTo(ServiceState.STARTED);
        }
    }

    @Test
    void aPlannedStepThatNeverReachedTheClusterIsPostedByTheNextManager() throws Exception {
        try (FakePve pve = FakePve.threeNodes()) {
            pve.addGuest(100, "qemu", "pve1", false, 2, 4 * FakePve.GIB);
            manage("vm:100");
            ProxmoxEnvironment env = env(pve, pve.props());
            // decided and persisted, then the process died before acting
            RoundReport decided = decideOnly(env, pve);
            assertThat(decided.agentTasks()).singleElement().satisfies(t -> {
                assertThat(t.step()).isEqualTo("start");
                assertThat(t.phase()).isEqualTo(AgentTask.Phase.PLANNED);
            });
            assertThat(pve.actions()).isEmpty();

            ProxmoxEnvironment next = env(pve, pve.props());
            next.restore(decided.output().status(), decided.agentTasks(), 2);
            settle(next, this, 3);

            assertThat(pve.actions()).containsExactly("POST /nodes/pve1/qemu/100/status/start");
            assertThat(pve.guests.get(100).status).isEqualTo("running");
        }
    }

    @Test
    void clusterMigrationCapSerialisesEvacuation() throws Exception {
        try (FakePve pve = FakePve.threeNodes()) {
            for (int id = 100; id < 103; id++) {
                pve.addGuest(id, "qemu", "pve1", true, 1, FakePve.GIB);
                manage("vm:" + id);
            }
            ProxmoxEnvironment env = env(pve, pve.props().withLimits(4, 1));
            settle(env, this, 3);

            env.submit("enable-node-maintenance pve1");
            settle(env, this, 6);

            // with a cap of one, the waves run in sid order
            assertThat(pve.actions()).extracting(a -> a.substring(0, a.indexOf(" {"))).containsExactly(
                    "POST /nodes/pve1/qemu/100/migrate", "POST /nodes/pve1/qemu/101/migrate",
                    "POST /nodes/pve1/qemu/102/migrate");
        }
    }

    @Test
    void maxWorkersFromTheApiApplyBelowThePropertyCap() throws Exception {
        try (FakePve pve = FakePve.threeNodes()) {
            ProxmoxEnvironment env = env(pve, pve.props().withLimits(4, 1));
            assertThat(env.maxWorkers()).isEqualTo(4);
            env.setMaxWorkers(1);
            assertThat(env.maxWorkers()).isEqualTo(1);
            env.setMaxWorkers(16);
            assertThat(env.maxWorkers()).as("the operator's property stays the cap").isEqualTo(4);
        }
    }

    @Test
    void rebalancingMigrationIsARealApiCall() throws Exception {
        try (FakePve pve = FakePve.threeNodes()) {
            for (int id = 100; id < 104; id++) {
                pve.addGuest(id, "qemu", "pve1", true, 4, 16 * FakePve.GIB);
                manage("vm:" + id);
            }
            ProxmoxEnvironment env = env(pve, pve.props());
            env.setCrs(new CrsConfig("static", false, true, 10, "bruteforce", 0, 10));
            settle(env, this, 6);

            assertThat(pve.actions()).isNotEmpty();
            assertThat(pve.actions().get(0)).matches("POST /nodes/pve1/qemu/10[0-3]/migrate \\{online=1, target=pve[23], with-local-disks=1}");
            assertThat(pve.guests.values().stream().filter(g -> !g.node.equals("pve1")).count()).isPositive();
        }
    }

    @Test
    void atPartialAutomationRebalancingWaitsForAnAppliedProposalThenMigratesByApiCalls() throws Exception {
        try (FakePve pve = FakePve.threeNodes()) {
            for (int id = 100; id < 104; id++) {
                pve.addGuest(id, "qemu", "pve1", true, 4, 16 * FakePve.GIB);
                manage("vm:" + id);
            }
            ProxmoxEnvironment env = env(pve, pve.props());
            env.setCrs(new CrsConfig("static", false, true, 10, "bruteforce", 0, 10, "partial"));
            io.ballast.core.Proposal proposed = null;
            for (int i = 0; i < 6; i++) {
                RoundReport r = round(env);
                for (io.ballast.core.ProposalEvent e : r.output().proposals()) {
                    if (e instanceof io.ballast.core.ProposalEvent.Created c) {
                        proposed = c.proposal();
                    }
                }
                env.setProposal(r.output().proposal());   // what the store would hand back
            }
            assertThat(proposed).as("a proposal instead of a migration").isNotNull();
            assertThat(pve.actions()).as("nothing moves before approval").isEmpty();

            io.ballast.core.Proposal.Move move = proposed.waves().get(0).moves().get(0);
            env.setProposal(new io.ballast.core.Proposal(proposed.id(), io.ballast.core.Proposal.APPLIED,
                    proposed.createdAt(), proposed.method(), proposed.imbalanceBefore(), proposed.waves(),
                    proposed.basis(), 0));
            settle(env, this, 3);

            assertThat(pve.actions()).first().asString().isEqualTo("POST /nodes/pve1/qemu/" + move.sid().substring(3)
                    + "/migrate {online=1, target=" + move.to() + ", with-local-disks=1}");
        }
    }

    @Test
    void nonHaGuestsCountAsLoadInDynamicMode() throws Exception {
        try (FakePve pve = FakePve.threeNodes()) {
            for (int id = 100; id < 104; id++) {
                FakePve.Guest g = pve.addGuest(id, "qemu", "pve1", true, 4, 16 * FakePve.GIB);
                g.cpu = 3;
                g.mem = 12 * FakePve.GIB;
                manage("vm:" + id);
            }
            // not an HA resource: Ballast never moves it, but it makes pve2 the busier spare node
            FakePve.Guest other = pve.addGuest(200, "qemu", "pve2", true, 8, 40 * FakePve.GIB);
            other.cpu = 7;
            other.mem = 36 * FakePve.GIB;
            ProxmoxEnvironment env = env(pve, pve.props());
            env.setCrs(new CrsConfig("dynamic", false, true, 10, "bruteforce", 0, 10));
            settle(env, this, 4);

            assertThat(pve.actions()).isNotEmpty();
            assertThat(pve.actions().get(0)).matches("POST /nodes/pve1/qemu/10[0-3]/migrate \\{online=1, target=pve3, with-local-disks=1}");
            assertThat(pve.actions()).noneMatch(a -> a.contains("/200/"));
        }
    }

    @Test
    void nonHaGuestsCountAsLoadByTheirSizeInStaticMode() throws Exception {
        try (FakePve pve = FakePve.threeNodes()) {
            for (int id = 100; id < 104; id++) {
                pve.addGuest(id, "qemu", "pve1", true, 4, 16 * FakePve.GIB);
                manage("vm:" + id);
            }
            // static mode sums configured sizes: this guest makes pve2 the fuller spare node, though no HA resource is there
            pve.addGuest(200, "qemu", "pve2", true, 8, 40 * FakePve.GIB);
            pve.addGuest(201, "qemu", "pve3", false, 16, 60 * FakePve.GIB);   // stopped: no load
            ProxmoxEnvironment env = env(pve, pve.props());
            env.setCrs(new CrsConfig("static", false, true, 10, "bruteforce", 0, 10));
            settle(env, this, 4);

            assertThat(pve.actions()).isNotEmpty();
            assertThat(pve.actions().get(0)).matches("POST /nodes/pve1/qemu/10[0-3]/migrate \\{online=1, target=pve3, with-local-disks=1}");
            assertThat(pve.actions()).noneMatch(a -> a.contains("/200/") || a.contains("/201/"));
        }
    }

    @Test
    void failedMigrationIsReportedToTheManagerAndGuestStays() throws Exception {
        try (FakePve pve = FakePve.threeNodes()) {
            ProxmoxEnvironment env = settledVm100(pve, "pve1");
            pve.failMigration.put(100, "migration problems");
            List<String> failed = new ArrayList<>();
            env.onFailedAction(failed::add);

            env.submit("migrate vm:100 pve3");
            List<String> agent = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                agent.addAll(round(env).agentLog());
            }

            assertThat(pve.actions()).containsExactly("POST /nodes/pve1/qemu/100/migrate {online=1, target=pve3, with-local-disks=1}");
            assertThat(agent).anySatisfy(l -> assertThat(l).startsWith("pve1: err: migrate vm:100 on pve1 failed: "
                    + "migration problems"));
            assertThat(failed).as("counted for ballast_actions_failed_total").containsExactly("migrate");
            assertThat(env.status().serviceStatus().get("vm:100").state()).isEqualTo(ServiceState.STARTED);
            assertThat(env.status().serviceStatus().get("vm:100").node()).isEqualTo("pve1");
            assertThat(pve.guests.get(100).node).isEqualTo("pve1");
        }
    }

    @Test
    void nodeDroppingOutMidMigrationEndsInFencedRecoveryNotInTwoCopies() throws Exception {
        try (FakePve pve = FakePve.threeNodes()) {
            ProxmoxEnvironment env = settledVm100(pve, "pve2");
            pve.dropSourceDuringMigration.add(100);

            env.submit("migrate vm:100 pve3");
            settle(env, this, 2);
            assertThat(pve.nodes.get("pve2").online).isFalse();
            assertThat(pve.guests.get(100).node).as("migration never finished").isEqualTo("pve2");
            assertThat(pve.guests.get(100).lock).as("left by the interrupted migration").isEqualTo("migrate");
            // what a recovery command that also drops the lock line does (docs/proxmox.md, Limits)
            pve.guests.get(100).lock = null;
            settle(env, this, 30);

            List<String> actions = pve.actions();
            assertThat(actions).hasSize(3);
            assertThat(actions.get(0)).isEqualTo("POST /nodes/pve2/qemu/100/migrate {online=1, target=pve3, with-local-disks=1}");
            assertThat(actions.get(1)).matches("MOVE-CONFIG qemu 100 pve2 -> pve[13]");
            String target = actions.get(1).substring(actions.get(1).lastIndexOf(' ') + 1);
            assertThat(actions.get(2)).isEqualTo("POST /nodes/" + target + "/qemu/100/status/start");
            assertThat(pve.guests.get(100).status).isEqualTo("running");
        }
    }

    @Test
    void refusesGuestsManagedByProxmoxHaUnlessIgnoredThere() throws Exception {
        try (FakePve pve = FakePve.threeNodes()) {
            pve.addGuest(100, "qemu", "pve1", false, 2, 4 * FakePve.GIB);
            pve.pveHa.put("vm:100", "started");
            manage("vm:100");
            ProxmoxEnvironment env = env(pve, pve.props());

            RoundReport r = round(env);
            settle(env, this, 3);

            assertThat(r.refused()).containsKey("vm:100");
            assertThat(r.refused().get("vm:100")).contains("Proxmox VE's own HA manager (state started there)")
                    .contains("ha-manager set vm:100 --state ignored");
            assertThat(pve.actions()).isEmpty();
            assertThat(env.status().serviceStatus()).doesNotContainKey("vm:100");

            // "ignored" in Proxmox HA: Proxmox leaves the guest alone, so Ballast may manage it
            pve.pveHa.put("vm:100", "ignored");
            settle(env, this, 4);
            assertThat(pve.actions()).containsExactly("POST /nodes/pve1/qemu/100/status/start");
            assertThat(pve.guests.get(100).status).isEqualTo("running");
        }
    }

    @Test
    void anActionProxmoxDivertsIntoAnHaRequestIsReportedNotCountedAsDone() throws Exception {
        try (FakePve pve = FakePve.threeNodes()) {
            ProxmoxEnvironment env = settledVm100(pve, "pve1");
            // the guest becomes a Proxmox HA resource behind Ballast's back, after this round's observation
            env.submit("migrate vm:100 pve2");
            RoundReport decided = decideOnly(env, pve);
            pve.pveHa.put("vm:100", "started");
            env.persisted(decided);
            List<String> agent = env.act(decided, AgentJournal.MEMORY);

            assertThat(pve.tasks.values()).singleElement().satisfies(t -> assertThat(t.type).isEqualTo("hamigrate"));
            assertThat(agent).anySatisfy(l -> assertThat(l).contains("turned the migrate into a request to its own HA"
                    + " manager").contains("ha-manager set vm:100 --state ignored"));
            assertThat(env.agentTasks()).singleElement().satisfies(t -> {
                assertThat(t.done()).isTrue();
                assertThat(t.exitCode()).isEqualTo(io.ballast.core.LrmStatus.ERROR);
            });
            assertThat(pve.guests.get(100).node).isEqualTo("pve1");
        }
    }

    @Test
    void proxmoxsOwnAutomaticRebalancingIsObserved() throws Exception {
        try (FakePve pve = FakePve.threeNodes()) {
            PveObserver observer = new PveObserver(new PveClient(pve.props(), d -> { }));
            assertThat(observer.observe().pveAutoRebalance()).isFalse();
            pve.crsOption = "ha=static,ha-rebalance-on-start=1,ha-auto-rebalance=1";
            assertThat(observer.observe().pveAutoRebalance()).isTrue();
        }
    }

    @Test
    void noQuorumMeansNoDecisionAndNoAction() throws Exception {
        try (FakePve pve = FakePve.threeNodes()) {
            pve.addGuest(100, "qemu", "pve1", false, 2, 4 * FakePve.GIB);
            manage("vm:100");
            pve.quorate = false;
            ProxmoxEnvironment env = env(pve, pve.props());

            RoundReport r = round(env);

            assertThat(r.acted()).isFalse();
            assertThat(r.reason()).isEqualTo("cluster not quorate");
            assertThat(pve.actions()).isEmpty();
        }
    }

    // ---- issue 15: the operator's scenarios against the fake ----------------------------------------------

    @Test
    void startEndingWithWarningsIsNotRetriedByTheRestartPolicy() throws Exception {
        try (FakePve pve = FakePve.threeNodes()) {
            pve.addGuest(100, "qemu", "pve1", false, 2, 4 * FakePve.GIB);
            // recent qemu-server versions warn on many UEFI starts; the guest runs all the same
            pve.nextExit.put(100, "WARNINGS: 1");
            manage("vm:100");
            ProxmoxEnvironment env = env(pve, pve.props());
            List<String> agent = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                agent.addAll(round(env).agentLog());
            }

            assertThat(pve.actions()).containsExactly("POST /nodes/pve1/qemu/100/status/start");
            assertThat(agent).noneMatch(l -> l.contains("restart policy") || l.contains(": err: "));
            assertThat(env.status().serviceStatus().get("vm:100").state()).isEqualTo(ServiceState.STARTED);
            assertThat(pve.guests.get(100).status).isEqualTo("running");
        }
    }

    @Test
    void maintenanceMigrationAnswered596WhileItsTaskRunsEndsOnTheTargetNotInError() throws Exception {
        try (FakePve pve = FakePve.threeNodes()) {
            ProxmoxEnvironment env = settledVm100(pve, "pve1");
            pve.taskPolls = 4;
            pve.loseAnswers.set(1);

            env.submit("enable-node-maintenance pve1");
            // the task is followed one poll per round (4 polls running), never waited for inside a round
            settle(env, this, 9);

            // one migration, followed through its task; never a second post meeting "VM is locked (migrate)"
            assertThat(pve.actions()).singleElement().satisfies(a -> assertThat(a)
                    .matches("POST /nodes/pve1/qemu/100/migrate \\{online=1, target=pve[23], with-local-disks=1}"));
            String target = pve.guests.get(100).node;
            assertThat(target).isIn("pve2", "pve3");
            assertThat(env.status().serviceStatus().get("vm:100").state()).isEqualTo(ServiceState.STARTED);
            assertThat(env.status().serviceStatus().get("vm:100").node()).isEqualTo(target);
        }
    }

    @Test
    void nodeWhoseApiFailsIsStaleNotDeadAndTheRoundsGoOn() throws Exception {
        try (FakePve pve = FakePve.threeNodes()) {
            pve.addGuest(100, "qemu", "pve1", true, 2, 4 * FakePve.GIB);
            pve.addGuest(101, "qemu", "pve2", true, 2, 4 * FakePve.GIB);
            manage("vm:100", "vm:101");
            ProxmoxEnvironment env = env(pve, pve.props());
            settle(env, this, 2);
            // pve2's proxy is down and its statistics are silent; corosync still counts it as a member
            pve.nodes.get("pve2").api = FakePve.Api.FAIL;
            pve.nodes.get("pve2").statsMissing = true;

            List<RoundReport> reports = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                reports.add(round(env));
            }
            env.submit("enable-node-maintenance pve1");
            settle(env, this, 6);

            assertThat(reports).allSatisfy(r -> assertThat(r.acted()).isTrue());
            // 120 s without figures: still online, nothing fenced, its guest untouched
            assertThat(env.status().nodeStatus().get("pve2")).isEqualTo(NodeState.ONLINE);
            assertThat(env.status().serviceStatus().get("vm:101").state()).isEqualTo(ServiceState.STARTED);
            assertThat(pve.actions()).noneMatch(a -> a.contains("/101/") || a.startsWith("MOVE-CONFIG"));
            // and the rest of the cluster is still managed: maintenance on pve1 evacuates vm:100
            assertThat(pve.actions()).singleElement().satisfies(a -> assertThat(a)
                    .matches("POST /nodes/pve1/qemu/100/migrate \\{online=1, target=pve[23], with-local-disks=1}"));
            assertThat(pve.guests.get(100).node).isNotEqualTo("pve1");
        }
    }
}
