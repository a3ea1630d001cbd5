package io.ballast.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.Semaphore;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * At most {@code permits} POSTs of a heavy endpoint at a time (a what-if copies the state and simulates minutes
 * of rounds, an import writes thousands of rows, a reload compiles the DRL); the next one gets 429 problem+json
 * with Retry-After at once instead of queueing. One class, one registration per endpoint ({@link WebLimits}).
 */
class ConcurrencyLimit extends OncePerRequestFilter {

    private final String what;
    private final Semaphore permits;
    private final int max;
    private final long retryAfterSeconds;

    ConcurrencyLimit(String what, int max, long retryAfterSeconds) {
        this.what = what;
        this.max = max;
        this.permits = new Semaphore(max);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // the limited endpoints work on POST, and GET /api/v1/headroom runs what-ifs too
        if (!"POST".equals(request.getMethod()) && !"GET".equals(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        if (!tryEnter()) {
            response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
            ProblemWriter.write(response, 429, "/problems/busy", what + ": " + max
                    + " request(s) already running; retry after " + retryAfterSeconds + " s");
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            leave();
        }
    }

    /** Takes a permit if one is free (tests hold one to play a running request). */
    boolean tryEnter() {
        return permits.tryAcquire();
    }

    void leave() {
        permits.release();
    }

    String what() {
        return what;
    }
}
