package io.ballast.manager.web;

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
class WhatIfController {

    private final WhatIfService whatIf;

    WhatIfController(WhatIfService whatIf) {
        this.whatIf = whatIf;
    }

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
    @GetMapping("/api/v1/headroom")
    public Map<String, Object> headroom() {
        return whatIf.headroom();
    }
}
