package io.ballast.proxmox;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.core.HaManager;
import io.ballast.core.ManagerStatus;
import io.ballast.core.ServiceState;
import io.ballast.core.ServiceStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The Proxmox agents under random trouble, against the fake Proxmox API: operators' commands and maintenance,
 * requested-state changes, tasks that take a few rounds, answers lost after the action started, failing
 * migrations, warnings, and crashes of Ballast at every point of a round (before persisting, between persisting
 * and acting, in the middle of the act phase). After each crash a new manager continues from what was persisted,
 * as the service does from the database. Checked all along: no step is posted twice (no task of ours ever meets
 * a migrate lock of our own, no second start or migrate of a guest while its task runs), a guest whose requested
 * state was always stopped is never started; and at the end, after quiet rounds, the cluster is what the manager
 * says it is.
 */
class ProxmoxSafetyFuzzTest {

    private static final int GUESTS = 6;
    private static final String[] NODES = {"pve1", "pve2", "pve3"};

    /** What the service's database holds: written at the persist step and by the act phase's journal. */
    private static final class Database implements AgentJournal {
        ManagerStatus status = ManagerStatus.EMPTY;
        Map<String, AgentTask> work = new HashMap<>();
        /** The act phase stops (a crash) after this many more journal writes; negative: never. */
        int crashAfter = -1;
        /** Every task the database ever named: a task of ours it never named was posted and then lost track of. */
        final java.util.Set<String> followed = new java.util.HashSet<>();

        void persist(RoundReport r) {
            status = r.output().status();
            work = new HashMap<>();
            r.agentTasks().forEach(t -> put(t));
        }

        private void put(AgentTask t) {
            work.put(t.uid(), t);
            if (t.upid() != null) {
                followed.add(t.upid());
            }
            followed.addAll(t.pastUpids());
        }

        @Override
        public <T> T fenced(Supplier<T> action) {
            return action.get();
        }

        @Override
        public void record(AgentTask task) {
            if (crashAfter == 0) {
                throw new Crash();
            }
            if (crashAfter > 0) {
                crashAfter--;
            }
            put(task);
        }
    }

    private static final class Crash extends RuntimeException {
        Crash() {
            super("kill -9", null, false, false);
        }
    }

    @Test
    void noDoublePostNoUnwantedStartAndTheClusterEndsAsTheManagerSays() throws Exception {
        long seed = Long.getLong("ballast.fuzz.seed", 20261202L);
        int runs = Integer.getInteger("ballast.fuzz.runs", 12);
        int crashes = 0;
        int posts = 0;
        for (int run = 0; run < runs; run++) {
            Random rnd = new Random(seed + run);
            int[] counts = fuzz(rnd, "seed " + (seed + run));
            crashes += counts[0];
            posts += counts[1];
        }
        System.out.printf("proxmox safety fuzz: %d runs, %d crashes, %d posts%n", runs, crashes, posts);
        assertThat(crashes).as("the runs crashed Ballast at some point").isPositive();
    }

    private int[] fuzz(Random rnd, String label) throws Exception {
        try (FakePve pve = FakePve.threeNodes()) {
            ProxmoxEnvironmentTest.Catalog catalog = new ProxmoxEnvironmentTest.Catalog();
            List<Integer> alwaysStopped = new ArrayList<>();
            for (int i = 0; i < GUESTS; i++) {
                int vmid = 100 + i;
                boolean stopped = i % 3 == 2;
                pve.addGuest(vmid, i % 4 == 3 ? "lxc" : "qemu", NODES[rnd.nextInt(3)], !stopped && rnd.nextBoolean(),
                        1, FakePve.GIB);
                String sid = (i % 4 == 3 ? "ct:" : "vm:") + vmid;
                catalog.map.put(sid, ManagedResource.started(sid).withRequestedState(stopped ? "stopped" : "started"));
                if (stopped) {
                    alwaysStopped.add(vmid);
                    pve.guests.get(vmid).status = "stopped";
                }
            }
            Database db = new Database();
            ProxmoxEnvironment env = env(pve, catalog);
            long now = 1000;
            int crashes = 0;
            List<String> maintenance = new ArrayList<>();
            for (int round = 0; round < 60; round++, now += 10) {
                pve.taskPolls = rnd.nextInt(4);
                chaos(rnd, pve, catalog, env, maintenance);
                int crashPoint = rnd.nextInt(12);   // 0: while deciding, 1: before acting, 2: during the act phase
                try {
                    RoundReport decided = env.decide(now, observe(pve));
                    if (crashPoint == 0) {
                        throw new Crash();
                    }
                    if (decided.acted()) {
                        env.persisted(decided);
                        db.persist(decided);
                        if (crashPoint == 1) {
                            throw new Crash();
                        }
                        db.crashAfter = crashPoint == 2 ? rnd.nextInt(3) : -1;
                        env.act(decided, db);
                    }
                } catch (Crash c) {
                    crashes++;
                    db.crashAfter = -1;
                    env = env(pve, catalog);
                    env.restore(db.status, List.copyOf(db.work.values()), crashes);
                    maintenance.clear();
                    maintenance.addAll(db.status.maintenanceRequests());
                }
                db.crashAfter = -1;
                noDoublePosts(pve, label);
                neverStarted(pve, alwaysStopped, label);
            }
            // quiet: no faults, no commands, maintenance ended; the agents finish their work
            pve.taskPolls = 0;
            for (String n : List.copyOf(db.status.maintenanceRequests())) {
                env.submit("disable-node-maintenance " + n);
            }
            for (int round = 0; round < 40; round++, now += 10) {
                RoundReport decided = env.decide(now, observe(pve));
                env.persisted(decided);
                db.persist(decided);
                env.act(decided, db);
            }
            noDoublePosts(pve, label);
            neverStarted(pve, alwaysStopped, label);
            settled(pve, catalog, env.status(), label);
            synchronized (pve) {
                assertThat(pve.tasks.keySet()).as(label + ": every task posted was followed (none posted twice and"
                        + " lost)").allMatch(db.followed::contains);
            }
            return new int[] {crashes, pve.actions().size()};
        }
    }

    private static ProxmoxEnvironment env(FakePve pve, ProxmoxEnvironmentTest.Catalog catalog) {
        ProxmoxProperties p = pve.props();
        PveClient c = new PveClient(p, d -> { });
        return new ProxmoxEnvironment(new PveObserver(c), new PveHypervisor(c, new PveTasks(c, p, d -> { }), p),
                Fencer.of(p.fencing()), pve::moveConfig, catalog, p, HaManager::new);
    }

    private static ClusterObservation observe(FakePve pve) {
        return new PveObserver(new PveClient(pve.props(), d -> { })).observe();
    }

    private static void chaos(Random rnd, FakePve pve, ProxmoxEnvironmentTest.Catalog catalog, ProxmoxEnvironment env,
                              List<String> maintenance) {
        List<String> sids = new ArrayList<>(catalog.map.keySet());
        String sid = sids.get(rnd.nextInt(sids.size()));
        int vmid = Integer.parseInt(sid.substring(3));
        switch (rnd.nextInt(10)) {
            case 0 -> env.submit("migrate " + sid + " " + NODES[rnd.nextInt(3)]);
            case 1 -> env.submit("relocate " + sid + " " + NODES[rnd.nextInt(3)]);
            case 2 -> {
                String node = NODES[rnd.nextInt(3)];
                if (maintenance.contains(node)) {
                    env.submit("disable-node-maintenance " + node);
                    maintenance.remove(node);
                } else if (maintenance.isEmpty()) {
                    env.submit("enable-node-maintenance " + node);
                    maintenance.add(node);
                }
            }
            case 3 -> pve.loseAnswers.set(1);
            case 4 -> {
                synchronized (pve) {
                    pve.failMigration.put(vmid, "migration aborted by the fuzz");
                }
            }
            case 5 -> {
                synchronized (pve) {
                    pve.nextExit.put(vmid, "WARNINGS: 1");
                }
            }
            default -> {
            }
        }
    }

    /** Ballast never posts a step for a guest while a task of its own for that guest runs. */
    private static void noDoublePosts(FakePve pve, String label) {
        synchronized (pve) {
            assertThat(pve.tasks.values()).as(label + ": tasks that met a lock of our own migration")
                    .noneMatch(t -> t.exitstatus.startsWith("VM is locked (migrate)"));
            Map<String, Long> running = new HashMap<>();
            for (FakePve.Task t : pve.tasks.values()) {
                if (t.running()) {
                    running.merge(t.id, 1L, Long::sum);
                }
            }
            List<String> all = pve.tasks.values().stream().map(t -> t.id + " " + t.type + " running=" + t.running()
                    + " " + t.exitstatus).toList();
            assertThat(running.values()).as(label + ": guests with two tasks running at once: " + running + " in "
                    + all + "; requests " + pve.requests().stream().filter(r -> !r.startsWith("GET /cluster")).toList())
                    .allMatch(n -> n == 1);
        }
    }

    private static void neverStarted(FakePve pve, List<Integer> alwaysStopped, String label) {
        for (int vmid : alwaysStopped) {
            assertThat(pve.actions()).as(label + ": a guest requested stopped all along").noneMatch(a ->
                    a.matches("POST /nodes/\\w+/(qemu|lxc)/" + vmid + "/status/start.*"));
            assertThat(pve.guests.get(vmid).status).as(label + ": " + vmid + " runs").isEqualTo("stopped");
        }
    }

    private static void settled(FakePve pve, ProxmoxEnvironmentTest.Catalog catalog, ManagerStatus status, String label) {
        for (ManagedResource r : catalog.map.values()) {
            ServiceStatus s = status.serviceStatus().get(r.sid());
            FakePve.Guest g = pve.guests.get(Integer.parseInt(r.sid().substring(3)));
            assertThat(s).as(label + ": " + r.sid() + " managed").isNotNull();
            assertThat(s.node()).as(label + ": " + r.sid() + " where the manager says").isEqualTo(g.node);
            if (r.requestedState().equals("started")) {
                assertThat(s.state()).as(label + ": " + r.sid()).isIn(ServiceState.STARTED, ServiceState.ERROR);
                if (s.state() == ServiceState.STARTED) {
                    assertThat(g.status).as(label + ": " + r.sid() + " runs").isEqualTo("running");
                }
            } else {
                assertThat(g.status).as(label + ": " + r.sid() + " is off").isEqualTo("stopped");
            }
        }
    }
}
