package io.ballast.status;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.ballast.web.ApiResponses;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.ballast.metrics.ImbalanceHistory;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/status/history}: the imbalance of the recent rounds, oldest first (see {@link ImbalanceHistory}). */
@RestController
@Tag(name = "status")
class StatusHistoryController {

    private final ImbalanceHistory history;

    StatusHistoryController(ImbalanceHistory history) {
        this.history = history;
    }

    @Operation(operationId = "getImbalanceHistory", summary = "Imbalance of the recent rounds",
            description = "The imbalance the rebalancer compared after each of the last 180 committed rounds, with its threshold, oldest first (kept in memory: empty after a restart and on a standby).")
    @ApiResponse(responseCode = "200", description = "the rounds, oldest first",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiResponses.ImbalanceHistory.class)))
    @GetMapping("/api/v1/status/history")
    public Map<String, Object> history() {
        List<Map<String, Object>> rounds = history.points().stream()
                .map(p -> Map.<String, Object>of("at", p.at(), "imbalance", round(p.imbalance()),
                        "threshold", round(p.threshold())))
                .toList();
        return Map.of("rounds", rounds);
    }

    private static double round(double v) {
        return Double.isNaN(v) ? 0 : Math.round(v * 1000) / 1000.0;
    }
}
