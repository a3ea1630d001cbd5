package io.ballast.proxmox;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.proxmox.WorkScheduler.Job;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkSchedulerTest {

    @Test
    void capsWorkersPerNodeAndMigrationsClusterWideKeepingOrder() {
        List<Job> jobs = List.of(new Job("vm:100", "pve1", true), new Job("vm:101", "pve1", true),
                new Job("vm:102", "pve1", false), new Job("vm:103", "pve2", true), new Job("vm:104", "pve2", false),
                new Job("vm:105", "pve1", false));

        List<List<Job>> waves = new WorkScheduler(2, 2).waves(jobs);

        assertThat(waves).extracting(w -> w.stream().map(Job::sid).toList()).containsExactly(
                List.of("vm:100", "vm:101", "vm:104"),
                List.of("vm:102", "vm:103", "vm:105"));
    }

    @Test
    void singleMigrationCapSerialisesMigrations() {
        List<Job> jobs = List.of(new Job("vm:1", "a", true), new Job("vm:2", "b", true), new Job("vm:3", "c", true));

        assertThat(new WorkScheduler(4, 1).waves(jobs)).hasSize(3).allSatisfy(w -> assertThat(w).hasSize(1));
    }
}
