package io.ballast.proxmox;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.ballast.web.ApiResponses;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/proxmox}: what the adapter last saw and did. Never shows the token secret. */
@RestController
@Tag(name = "proxmox")
@ConditionalOnProperty(name = "ballast.cluster.mode", havingValue = "proxmox")
@RequestMapping("/api/v1/proxmox")
public class ProxmoxController {
    private final ProxmoxService service;
    private final ProxmoxProperties props;

    ProxmoxController(ProxmoxService service, ProxmoxProperties props) {
        this.service = service;
        this.props = props;
    }

    @Operation(operationId = "getProxmox", summary = "What the service sees of Proxmox",
            description = "In Proxmox mode: the API URL and token id, whether it acts, the last observation (nodes, guests, running tasks), warnings, refused actions and the last round.")
    @ApiResponse(responseCode = "200", description = "what the rounds see",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiResponses.ProxmoxView.class)))
    @GetMapping
    public Map<String, Object> status() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("url", props.url());
        out.put("token_id", props.tokenId());
        out.put("acting", service.acting());
        out.put("error", service.lastError());
        ClusterObservation obs = service.lastObservation();
        if (obs != null) {
            out.put("quorate", obs.quorate());
            // stale: why the figures are not current (the last known ones are shown)
            out.put("nodes", obs.nodes().values().stream().map(n -> fields("node", n.name(), "online", n.online(),
                    "maxcpu", n.maxCpu(), "maxmem", n.maxMem(), "cpu", n.cpu(), "mem", n.mem(), "stale",
                    n.staleReason())).toList());
            out.put("guests", obs.guests().values().stream().map(g -> fields("sid", g.sid(), "node", g.node(),
                    "status", g.status(), "maxcpu", g.maxCpu(), "maxmem", g.maxMem(), "lock", g.lock(), "pve_ha",
                    obs.pveHaSids().contains(g.sid()), "pve_ha_state", obs.pveHa().get(g.sid()))).toList());
            out.put("running_tasks", obs.tasks().stream().map(t -> Map.of("upid", t.upid(), "type", t.type(),
                    "id", t.id())).toList());
        }
        out.put("warnings", service.warnings());
        out.put("refused", service.refused());
        RoundReport r = service.lastRound();
        if (r != null) {
            out.put("last_round", fields("time", r.now(), "acted", r.acted(), "reason", r.reason(), "agent_log",
                    r.agentLog()));
        }
        return out;
    }

    /** Name/value pairs in this order; values may be null (shown as JSON null). */
    private static Map<String, Object> fields(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }
}
