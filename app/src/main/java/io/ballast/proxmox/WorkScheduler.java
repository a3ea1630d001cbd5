package io.ballast.proxmox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which of the agent's planned steps may be posted now: at most {@code maxWorkers} tasks per node and
 * {@code maxMigrations} migrations in the whole cluster run at once. Deterministic: jobs keep the order they were
 * given (the agent sorts by sid), and a job that does not fit waits for a later round.
 */
public final class WorkScheduler {

    /** One action of a node's agent; {@code migration} marks moves between nodes. */
    public record Job(String id, String node, boolean migration) {
    }

    private final int maxWorkers;
    private final int maxMigrations;

    public WorkScheduler(int maxWorkers, int maxMigrations) {
        this.maxWorkers = maxWorkers;
        this.maxMigrations = maxMigrations;
    }

    public int maxWorkers() {
        return maxWorkers;
    }

    /**
     * The jobs that may start now, next to the {@code busy} ones still running: at most {@code maxWorkers} per
     * node and {@code maxMigrations} migrations in the cluster, counting the busy ones. The rest wait for a later
     * round, in the order given.
     */
    public List<Job> admit(List<Job> busy, List<Job> jobs) {
        Map<String, Integer> perNode = new HashMap<>();
        int migrations = 0;
        for (Job j : busy) {
            perNode.merge(j.node(), 1, Integer::sum);
            if (j.migration()) {
                migrations++;
            }
        }
        List<Job> now = new ArrayList<>();
        for (Job j : jobs) {
            int used = perNode.getOrDefault(j.node(), 0);
            if (used >= maxWorkers || (j.migration() && migrations >= maxMigrations)) {
                continue;
            }
            perNode.put(j.node(), used + 1);
            if (j.migration()) {
                migrations++;
            }
            now.add(j);
        }
        return now;
    }
}
