package io.ballast.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Reservations against a share of the heap: refused for good when too large, busy while others hold it. */
class HeapBudgetTest {

    @Test
    void reservationsShareTheBudgetAndAreGivenBack() {
        HeapBudget budget = new HeapBudget("what-if", "ballast.what-if.max-heap-fraction", 0.5, 1000L << 20, 5);
        assertThat(budget.limit()).isEqualTo(500L << 20);

        assertThatThrownBy(() -> budget.reserve(501L << 20, "9000 resources on 3 nodes"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status().value()).isEqualTo(503);
                    assertThat(e.type()).isEqualTo("/problems/insufficient-memory");
                    assertThat(e.retryAfterSeconds()).isNull();
                    assertThat(e.getMessage()).contains("501 MiB", "9000 resources on 3 nodes", "500 MiB allowed",
                            "0.5 of the 1000 MiB heap");
                });

        HeapBudget.Reservation first = budget.reserve(300L << 20, "a");
        assertThatThrownBy(() -> budget.reserve(300L << 20, "b"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status().value()).isEqualTo(429);
                    assertThat(e.type()).isEqualTo("/problems/busy");
                    assertThat(e.retryAfterSeconds()).isEqualTo(5L);
                });
        HeapBudget.Reservation second = budget.reserve(200L << 20, "c");
        first.close();
        first.close();   // a second close gives nothing back twice
        assertThat(budget.reserved()).isEqualTo(200L << 20);
        second.close();
        assertThat(budget.reserved()).isZero();
    }

    @Test
    void theFractionMustBeAShare() {
        assertThatThrownBy(() -> new HeapBudget("x", "p", 0, 1 << 20, 1)).hasMessageContaining("p must be in (0, 1]");
        assertThatThrownBy(() -> new HeapBudget("x", "p", 1.5, 1 << 20, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
