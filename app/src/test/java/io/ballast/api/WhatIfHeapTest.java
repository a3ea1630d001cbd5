package io.ballast.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.manager.loop.WhatIfService;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;

/**
 * What a what-if holds on the heap: the live heap is sampled after a full collection every 100 ms while one runs,
 * and the peak over the baseline must stay under the estimate the heap bound reserves. Prints the figures for
 * docs/security.md ({@code -Dballast.what-if.heap-scale=2700} for the size; the suite uses 300).
 */
class WhatIfHeapTest extends ApiTestBase {

    private static final int RESOURCES = Integer.getInteger("ballast.what-if.heap-scale", 300);
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    @Autowired
    WhatIfService whatIf;

    @BeforeEach
    void cluster() {
        emptyConfiguration();
        StringBuilder cfg = new StringBuilder();
        for (int i = 0; i < RESOURCES; i++) {
            cfg.append("vm: ").append(1000 + i).append("\n\tstate started\n\n");
        }
        assertThat(status(post("/api/v1/import", JSON.writeValueAsString(Map.of("resources_cfg", cfg.toString())))))
                .isEqualTo(200);
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < RESOURCES; i++) {
            rows.add(new Object[] {"vm:" + (1000 + i), "node" + (1 + i % 3), "u" + i});
        }
        jdbc.batchUpdate("INSERT INTO service_status (sid, state, node, uid, running) VALUES (?, 'started', ?, ?, true)", rows);
        jdbc.update("INSERT INTO node_status (node, state) VALUES ('node1', 'online'), ('node2', 'online'),"
                + " ('node3', 'online')");
    }

    @Test
    void theLiveHeapOfAWhatIfStaysUnderItsEstimate() throws Exception {
        long before = liveHeap();   // nothing of a what-if yet: caches it leaves behind count as its working set
        long allocatedBefore = allocated();
        long start = System.nanoTime();
        ResponseEntity<String> warm = post("/api/v1/what-if", "{\"fail\": [\"node3\"]}");
        long plainMillis = (System.nanoTime() - start) / 1_000_000;
        long allocatedBytes = allocated() - allocatedBefore;
        assertThat(status(warm)).as(warm.getBody()).isEqualTo(200);
        warm = null;

        long retained = liveHeap() - before;
        long baseline = before;
        AtomicLong peak = new AtomicLong(baseline);
        AtomicLong samples = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (running.get()) {
                peak.accumulateAndGet(liveHeap(), Math::max);
                samples.incrementAndGet();
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.start();
        ResponseEntity<String> r = post("/api/v1/what-if", "{\"fail\": [\"node3\"]}");
        running.set(false);
        sampler.join();
        assertThat(status(r)).as(r.getBody()).isEqualTo(200);

        long used = peak.get() - baseline;
        long estimate = WhatIfService.estimatedBytes(RESOURCES, 3);
        System.out.printf("what-if over %d resources on 3 nodes: %d ms, retained after it %.1f MiB,"
                        + " peak live heap %.1f MiB over %.1f MiB baseline,"
                        + " estimate %.1f MiB, answer %d KiB, heap limit %.0f MiB, %d samples, %.0f MiB allocated in all threads%n", RESOURCES, plainMillis,
                retained / 1048576.0, used / 1048576.0, baseline / 1048576.0, estimate / 1048576.0, r.getBody().length() / 1024,
                whatIf.heapLimit() / 1048576.0, samples.get(), allocatedBytes / 1048576.0);
        assertThat(used).isLessThan(estimate);
    }

    /** Bytes allocated so far by all live threads (the garbage a what-if makes the collector handle). */
    private static long allocated() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (long a : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            sum += Math.max(0, a);
        }
        return sum;
    }

    private static long liveHeap() {
        System.gc();
        return MEMORY.getHeapMemoryUsage().getUsed();
    }
}
