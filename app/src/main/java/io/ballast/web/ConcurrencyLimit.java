package io.ballast.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.Semaphore;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * At most {@code permits} requests of a heavy endpoint at a time (a what-if copies the state and simulates
 * minutes of rounds); the next one gets 429 problem+json with Retry-After at once instead of queueing.
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
        if (!"POST".equals(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        if (!permits.tryAcquire()) {
            response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
            ProblemWriter.write(response, 429, "/problems/busy", what + ": " + max
                    + " request(s) already running; retry after " + retryAfterSeconds + " s");
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            permits.release();
        }
    }
}
