package io.ballast.proxmox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits the agent's pending actions into waves that run concurrently: at most {@code maxWorkers} actions
 * per node and {@code maxMigrations} migrations in the whole cluster per wave. Deterministic: jobs keep
 * the order they were given (the environment sorts by sid), and a job that does not fit waits for a
 * later wave.
 */
public final class WorkScheduler {

    /** One action of a node's agent; {@code migration} marks moves between nodes. */
    public record Job(String sid, String node, boolean migration) {
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

    public List<List<Job>> waves(List<Job> jobs) {
        List<List<Job>> waves = new ArrayList<>();
        List<Job> pending = new ArrayList<>(jobs);
        while (!pending.isEmpty()) {
            List<Job> wave = new ArrayList<>();
            List<Job> later = new ArrayList<>();
            Map<String, Integer> perNode = new HashMap<>();
            int migrations = 0;
            for (Job j : pending) {
                int used = perNode.getOrDefault(j.node(), 0);
                if (used >= maxWorkers || (j.migration() && migrations >= maxMigrations)) {
                    later.add(j);
                    continue;
                }
                perNode.put(j.node(), used + 1);
                if (j.migration()) {
                    migrations++;
                }
                wave.add(j);
            }
            waves.add(wave);
            pending = later;
        }
        return waves;
    }
}
