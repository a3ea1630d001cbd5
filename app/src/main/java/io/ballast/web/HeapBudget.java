package io.ballast.web;

import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * A share of the JVM's maximum heap that requests of one kind may hold together, by their own estimate of their
 * working set. A request that could never fit is refused for good (503 {@code /problems/insufficient-memory}, no
 * Retry-After: more heap is needed); one that only does not fit next to those running gets 429 {@code
 * /problems/busy} with Retry-After. Estimates, not measurements: the JVM cannot tell a thread's live heap.
 */
public final class HeapBudget {

    private final String what;
    private final String property;
    private final double fraction;
    private final long limit;
    private final long retryAfterSeconds;
    private long reserved;

    /**
     * @param property the setting that sets {@code fraction}, named in the refusal
     * @param maxHeap  the JVM's maximum heap in bytes ({@code Runtime.maxMemory()})
     */
    public HeapBudget(String what, String property, double fraction, long maxHeap, long retryAfterSeconds) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException(property + " must be in (0, 1], got " + fraction);
        }
        this.what = what;
        this.property = property;
        this.fraction = fraction;
        this.limit = (long) (fraction * maxHeap);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Bytes the requests may hold together. */
    public long limit() {
        return limit;
    }

    /**
     * Reserves {@code bytes} until the returned reservation is closed.
     *
     * @param size what the estimate was made from, for the refusal's detail (e.g. "2700 resources on 3 nodes")
     * @throws ApiException 503 when {@code bytes} alone exceeds the budget, 429 when it does not fit now
     */
    public synchronized Reservation reserve(long bytes, String size) {
        if (bytes > limit) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "/problems/insufficient-memory", what
                    + ": estimated working set " + mib(bytes) + " MiB (" + size + ") is more than the " + mib(limit)
                    + " MiB allowed (" + property + " " + fraction + " of the " + mib(limit / fraction)
                    + " MiB heap); start the JVM with more heap (-Xmx) or raise " + property, List.of());
        }
        if (reserved + bytes > limit) {
            throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "/problems/busy", what + ": " + mib(reserved)
                    + " MiB of the " + mib(limit) + " MiB allowed are held by running requests, this one needs "
                    + mib(bytes) + " MiB; retry after " + retryAfterSeconds + " s", List.of())
                    .retryAfter(retryAfterSeconds);
        }
        reserved += bytes;
        return new Reservation(this, bytes);
    }

    private synchronized void release(long bytes) {
        reserved -= bytes;
    }

    synchronized long reserved() {
        return reserved;
    }

    private static long mib(double bytes) {
        return Math.round(bytes / (1024 * 1024));
    }

    /** Held while the request runs; closing it twice releases once. */
    public static final class Reservation implements AutoCloseable {

        private final HeapBudget budget;
        private final long bytes;
        private boolean closed;

        private Reservation(HeapBudget budget, long bytes) {
            this.budget = budget;
            this.bytes = bytes;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                budget.release(bytes);
            }
        }
    }
}
