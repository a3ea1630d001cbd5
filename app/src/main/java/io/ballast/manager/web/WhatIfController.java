package io.ballast.manager.web;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.ballast.web.ApiResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.ballast.web.ApiDocs;
import io.ballast.manager.loop.WhatIfService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.ballast.web.ApiException;

/**
 * {@code POST /api/v1/what-if}, body e.g. {@code {"fail": ["node3"]}} or {@code {"maintenance": ["node1"],
 * "isolate": ["node2"]}}: what the manager would do, simulated on a copy of the current state.
 */
@RestController
@Tag(name = "what-if")
class WhatIfController {

    private final WhatIfService whatIf;

    WhatIfController(WhatIfService whatIf) {
        this.whatIf = whatIf;
    }

    @Operation(operationId = "askWhatIf", summary = "Ask what would happen",
            description = "Simulates the events on a copy of the current state with the same decision core and answers the moves, what would not run, what stays, the imbalance after and the manager log. Changes nothing. One at a time (429 while busy).",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, description = "events: fail, isolate, maintenance, each a node or a list of nodes",
                    content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiDocs.WhatIfBody.class),
                            examples = @ExampleObject(name = "example", value = ApiDocs.WHAT_IF_EXAMPLE))))
    @ApiResponse(responseCode = "200", description = "the answer",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiResponses.WhatIfAnswer.class)))
    @PostMapping("/api/v1/what-if")
    public Map<String, Object> ask(@RequestBody Map<String, Object> body) {
        Map<String, List<String>> events = new LinkedHashMap<>();
        body.forEach((kind, value) -> {
            List<String> nodes = new ArrayList<>();
            if (value instanceof String s) {
                nodes.add(s);
            } else if (value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
                list.forEach(n -> nodes.add((String) n));
            } else {
                throw ApiException.invalid(kind, "must be a node name or a list of node names");
            }
            events.put(kind, nodes);
        });
        return whatIf.ask(events);
    }

    /**
     * {@code GET /api/v1/headroom}: N+1 — for each node, what its failure would leave down and what its maintenance
     * could not move, by the same what-ifs (one at a time, shared with {@code POST /api/v1/what-if}'s limit).
     */
    @Operation(operationId = "getHeadroom", summary = "Failure headroom (N+1)",
            description = "For every node: what its failure would leave down and what its maintenance could not move, by what-ifs (2 per node). Shares the what-if limit.")
    @ApiResponse(responseCode = "200", description = "per node",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiResponses.Headroom.class)))
    @GetMapping("/api/v1/headroom")
    public Map<String, Object> headroom() {
        return whatIf.headroom();
    }
}
