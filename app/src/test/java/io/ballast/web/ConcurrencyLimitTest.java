package io.ballast.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** A busy heavy endpoint answers 429 problem+json with Retry-After at once, and takes requests again when free. */
class ConcurrencyLimitTest {

    @Test
    void theSecondConcurrentRequestIsRefusedUntilTheFirstEnds() throws Exception {
        ConcurrencyLimit limit = new ConcurrencyLimit("what-if", 1, 7);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<MockHttpServletResponse> first = CompletableFuture.supplyAsync(() -> {
            MockHttpServletResponse response = new MockHttpServletResponse();
            try {
                limit.doFilter(new MockHttpServletRequest("POST", "/api/v1/what-if"), response, (req, res) -> {
                    inside.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return response;
        });
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();

        MockHttpServletResponse busy = new MockHttpServletResponse();
        limit.doFilter(new MockHttpServletRequest("POST", "/api/v1/what-if"), busy, new MockFilterChain());
        assertThat(busy.getStatus()).isEqualTo(429);
        assertThat(busy.getHeader("Retry-After")).isEqualTo("7");
        assertThat(busy.getContentType()).startsWith("application/problem+json");
        assertThat(busy.getContentAsString()).contains("\"type\":\"/problems/busy\"");

        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
        MockHttpServletResponse again = new MockHttpServletResponse();
        limit.doFilter(new MockHttpServletRequest("POST", "/api/v1/what-if"), again, new MockFilterChain());
        assertThat(again.getStatus()).isEqualTo(200);
    }
}
