package io.ballast.manager.web;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.ballast.web.ApiResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.ballast.web.ApiDocs;
import io.ballast.manager.loop.SimulatedCluster;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.ballast.lease.LeaderLease;
import io.ballast.lease.LeaseView;
import io.ballast.sim.LiveSimulation;
import io.ballast.web.ApiException;

/**
 * Fault injection on the simulated cluster: power and network per node, failing resources, and the
 * simulator's log. Changes take effect at the next round boundary.
 */
@RestController
@Tag(name = "simulation")
@RequestMapping("/api/v1/sim")
class SimulationController {

    private final SimulatedCluster cluster;
    private final LeaderLease lease;

    SimulationController(SimulatedCluster cluster, LeaderLease lease) {
        this.cluster = cluster;
        this.lease = lease;
    }

    /** Body {@code {"state": "on"|"off"}}. */
    @Operation(operationId = "setNodePower", summary = "Power a simulated node on or off",
            description = "Applies at the next round: a node powered off is fenced after the fence delay and its resources recovered.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, description = "on or off",
                    content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiDocs.SwitchBody.class),
                            examples = @ExampleObject(name = "example", value = ApiDocs.POWER_EXAMPLE))))
    @ApiResponse(responseCode = "200", description = "queued for the next round",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiResponses.SimulatedSwitch.class)))
    @PostMapping("/nodes/{node}/power")
    public Map<String, Object> power(@PathVariable String node, @RequestBody Map<String, Object> body) {
        return switchNode(node, "power", body);
    }

    /** Body {@code {"state": "on"|"off"}}: off cuts the node from the cluster while it keeps running. */
    @Operation(operationId = "setNodeNetwork", summary = "Cut or restore a simulated node's network",
            description = "off cuts the node from the cluster while it keeps running; applies at the next round.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, description = "on or off",
                    content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiDocs.SwitchBody.class),
                            examples = @ExampleObject(name = "example", value = ApiDocs.NETWORK_EXAMPLE))))
    @ApiResponse(responseCode = "200", description = "queued for the next round",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiResponses.SimulatedSwitch.class)))
    @PostMapping("/nodes/{node}/network")
    public Map<String, Object> network(@PathVariable String node, @RequestBody Map<String, Object> body) {
        return switchNode(node, "network", body);
    }

    private Map<String, Object> switchNode(String node, String what, Map<String, Object> body) {
        LiveSimulation sim = live();
        if (!sim.hasNode(node)) {
            throw ApiException.notFound("node", node);
        }
        Object state = body == null ? null : body.get("state");
        if (!"on".equals(state) && !"off".equals(state)) {
            throw ApiException.invalid("state", "must be 'on' or 'off'");
        }
        sim.submit(what + " " + node + " " + state);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("node", node);
        out.put(what, state);
        out.put("applies", "next round");
        return out;
    }

    /**
     * Body {@code {"start": n, "migrate": n, "stop": true|false}}: the next n starts / migrations of the
     * resource fail (until its first success); {@code stop: true} makes every stop fail. All zero clears.
     */
    @Operation(operationId = "injectFailures", summary = "Make a resource's actions fail",
            description = "The next n starts or migrations fail (until the first success); stop true makes every stop fail; all zero clears.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, description = "how many actions fail",
                    content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiDocs.FailBody.class),
                            examples = @ExampleObject(name = "example", value = ApiDocs.FAIL_EXAMPLE))))
    @ApiResponse(responseCode = "200", description = "the failures now injected",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiResponses.InjectedFailuresSet.class)))
    @PostMapping("/resources/{sid}/fail")
    public Map<String, Object> fail(@PathVariable String sid, @RequestBody Map<String, Object> body) {
        LiveSimulation sim = live();
        if (!sim.resourceIds().contains(sid)) {
            throw ApiException.notFound("resource", sid);
        }
        int start = count(body, "start");
        int migrate = count(body, "migrate");
        Object stop = body.getOrDefault("stop", false);
        if (!(stop instanceof Boolean)) {
            throw ApiException.invalid("stop", "must be true or false");
        }
        for (String key : body.keySet()) {
            if (!List.of("start", "migrate", "stop").contains(key)) {
                throw ApiException.invalid(key, "unknown field (expected start, migrate, stop)");
            }
        }
        sim.injectFailure(sid, start, migrate, (Boolean) stop);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sid", sid);
        out.put("start", start);
        out.put("migrate", migrate);
        out.put("stop", stop);
        return out;
    }

    /**
     * Body {@code {"cpu": cores, "mem": MiB}} (either or both): the measured usage of a resource, as the
     * dynamic scheduler sees it; static sizes with {@code "maxcpu"}/{@code "maxmem"} (MiB).
     */
    @Operation(operationId = "setResourceUsage", summary = "Set a resource's simulated usage",
            description = "Measured usage (cpu cores, mem MiB) as the dynamic scheduler sees it, and/or static sizes (maxcpu, maxmem).",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, description = "at least one of cpu, mem, maxcpu, maxmem",
                    content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiDocs.UsageBody.class),
                            examples = @ExampleObject(name = "example", value = ApiDocs.USAGE_EXAMPLE))))
    @ApiResponse(responseCode = "200", description = "queued for the next round",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiResponses.SimulatedUsageSet.class)))
    @PostMapping("/resources/{sid}/usage")
    public Map<String, Object> usage(@PathVariable String sid, @RequestBody Map<String, Object> body) {
        LiveSimulation sim = live();
        if (!sim.resourceIds().contains(sid)) {
            throw ApiException.notFound("resource", sid);
        }
        StringBuilder dynamic = new StringBuilder();
        StringBuilder fixed = new StringBuilder();
        for (var e : body.entrySet()) {
            if (!(e.getValue() instanceof Number n) || n.doubleValue() < 0) {
                throw ApiException.invalid(e.getKey(), "must be a non-negative number");
            }
            String value = " " + e.getKey() + " " + new java.math.BigDecimal(n.toString()).stripTrailingZeros()
                    .toPlainString();
            switch (e.getKey()) {
                case "cpu", "mem" -> dynamic.append(value);
                case "maxcpu", "maxmem" -> fixed.append(value);
                default -> throw ApiException.invalid(e.getKey(), "unknown field (expected cpu, mem, maxcpu, maxmem)");
            }
        }
        if (dynamic.length() == 0 && fixed.length() == 0) {
            throw ApiException.invalid("cpu", "give at least one of cpu, mem, maxcpu, maxmem");
        }
        if (dynamic.length() > 0) {
            sim.submit("service " + sid + " set-dynamic-stats" + dynamic);
        }
        if (fixed.length() > 0) {
            sim.submit("service " + sid + " set-static-stats" + fixed);
        }
        Map<String, Object> out = new LinkedHashMap<>(body);
        out.put("sid", sid);
        out.put("applies", "next round");
        return out;
    }

    private static int count(Map<String, Object> body, String key) {
        Object v = body.getOrDefault(key, 0);
        if (!(v instanceof Integer n) || n < 0 || n > 9) {
            throw ApiException.invalid(key, "must be an integer between 0 and 9");
        }
        return n;
    }

    /** Simulator log lines (layout of the conformance kit's log.expect) from index {@code since}. */
    @Operation(operationId = "getSimulationLog", summary = "Simulator log",
            description = "Log lines of the simulated cluster (layout of the conformance kit's log.expect) from index since; next is the index to ask from next time.")
    @ApiResponse(responseCode = "200", description = "log lines from since on",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiResponses.SimulationLog.class)))
    @GetMapping("/log")
    public Map<String, Object> log(@RequestParam(defaultValue = "0") int since) {
        List<String> lines = live().logSince(since);
        return Map.of("since", since, "next", since + lines.size(), "lines", lines);
    }

    private LiveSimulation live() {
        return requireLive(cluster, lease);
    }

    /**
     * The running simulation; 409 outside simulated mode, 503 {@code /problems/not-leader} on a standby (only
     * the active manager runs the simulated cluster), 503 while the manager is still starting it.
     */
    static LiveSimulation requireLive(SimulatedCluster cluster, LeaderLease lease) {
        if (!cluster.simulated()) {
            throw ApiException.conflict("/problems/not-simulated",
                    "the service does not run a simulated cluster (ballast.cluster.mode)", "mode");
        }
        if (!cluster.leads()) {
            LeaseView v = lease.view();
            throw ApiException.notLeader(v.self(), v.leader(), v.term());
        }
        LiveSimulation sim = cluster.live();
        if (sim == null) {
            throw new ApiException(org.springframework.http.HttpStatus.SERVICE_UNAVAILABLE, "/problems/not-ready",
                    "the simulated cluster is starting; retry shortly", List.of());
        }
        return sim;
    }
}
