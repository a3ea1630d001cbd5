package io.ballast.proxmox;

import io.ballast.proxmox.ClusterObservation.PveGuest;
import io.ballast.proxmox.ClusterObservation.PveNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/proxmox}: what the adapter last saw and did. Never shows the token secret. */
@RestController
@ConditionalOnProperty(name = "ballast.cluster.mode", havingValue = "proxmox")
@RequestMapping("/api/v1/proxmox")
public class ProxmoxController {
    private final ProxmoxService service;
    private final ProxmoxProperties props;

    ProxmoxController(ProxmoxService service, ProxmoxProperties props) {
        this.service = service;
        this.props = props;
    }

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
            List<Map<String, Object>> nodes = new ArrayList<>();
            for (PveNode n : obs.nodes().values()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("node", n.name());
                m.put("online", n.online());
                m.put("maxcpu", n.maxCpu());
                m.put("maxmem", n.maxMem());
                m.put("cpu", n.cpu());
                m.put("mem", n.mem());
                // figures not current: the last known ones, with the reason
                m.put("stale", n.staleReason());
                nodes.add(m);
            }
            out.put("nodes", nodes);
            List<Map<String, Object>> guests = new ArrayList<>();
            for (PveGuest g : obs.guests().values()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("sid", g.sid());
                m.put("node", g.node());
                m.put("status", g.status());
                m.put("maxcpu", g.maxCpu());
                m.put("maxmem", g.maxMem());
                m.put("lock", g.lock());
                m.put("pve_ha", obs.pveHaSids().contains(g.sid()));
                guests.add(m);
            }
            out.put("guests", guests);
            out.put("running_tasks", obs.tasks().stream().map(t -> Map.of("upid", t.upid(), "type", t.type(),
                    "id", t.id())).toList());
        }
        out.put("refused", service.refused());
        RoundReport r = service.lastRound();
        if (r != null) {
            Map<String, Object> round = new LinkedHashMap<>();
            round.put("time", r.now());
            round.put("acted", r.acted());
            round.put("reason", r.reason());
            round.put("agent_log", r.agentLog());
            out.put("last_round", round);
        }
        return out;
    }
}
