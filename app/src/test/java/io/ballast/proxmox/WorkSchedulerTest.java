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

        List<Job> now = new WorkScheduler(2, 2).admit(List.of(), jobs);

        assertThat(now).extracting(Job::id).containsExactly("vm:100", "vm:101", "vm:104");
    }

    @Test
    void tasksStillRunningCountAgainstBothLimits() {
        List<Job> running = List.of(new Job("vm:1", "a", true), new Job("vm:2", "b", false));
        List<Job> jobs = List.of(new Job("vm:3", "c", true), new Job("vm:4", "b", false), new Job("vm:5", "a", false),
                new Job("vm:6", "b", false));

        List<Job> now = new WorkScheduler(2, 1).admit(running, jobs);

        // one migration runs already (the cap), b has one of its two workers busy
        assertThat(now).extracting(Job::id).containsExactly("vm:4", "vm:5");
    }
}
