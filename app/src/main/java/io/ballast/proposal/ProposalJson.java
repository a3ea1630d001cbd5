package io.ballast.proposal;

import io.ballast.core.Proposal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON of a proposal: its waves as stored in {@code rebalance_proposal.waves}, and the API's view. */
final class ProposalJson {

    private ProposalJson() {
    }

    static List<Map<String, Object>> waves(Proposal p) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < p.waves().size(); i++) {
            Proposal.Wave w = p.waves().get(i);
            List<Map<String, Object>> moves = new ArrayList<>();
            for (Proposal.Move m : w.moves()) {
                Map<String, Object> move = new LinkedHashMap<>();
                move.put("sid", m.sid());
                move.put("members", m.members());
                move.put("from", m.from());
                move.put("to", m.to());
                move.put("kind", m.kind());
                move.put("memory", m.memory());
                move.put("reason", m.reason());
                moves.add(move);
            }
            Map<String, Object> wave = new LinkedHashMap<>();
            wave.put("wave", i + 1);
            wave.put("moves", moves);
            wave.put("imbalance_after", w.imbalanceAfter());
            out.add(wave);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static List<Proposal.Wave> waves(List<Map<String, Object>> stored) {
        List<Proposal.Wave> out = new ArrayList<>();
        for (Map<String, Object> w : stored) {
            List<Proposal.Move> moves = new ArrayList<>();
            for (Map<String, Object> m : (List<Map<String, Object>>) w.get("moves")) {
                moves.add(new Proposal.Move((String) m.get("sid"), (List<String>) m.get("members"),
                        (String) m.get("from"), (String) m.get("to"), (String) m.get("kind"),
                        ((Number) m.get("memory")).longValue(), (String) m.get("reason")));
            }
            out.add(new Proposal.Wave(moves, ((Number) w.get("imbalance_after")).doubleValue()));
        }
        return out;
    }

    /** The API's view: self-describing (ids, states, every wave with its moves and expected imbalance). */
    static Map<String, Object> view(ProposalStore.Row r) {
        Proposal p = r.proposal();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", p.id());
        out.put("state", r.state());
        out.put("created_at", instant(r.createdAt()));
        out.put("round", r.round());
        out.put("cluster_time", p.createdAt());
        out.put("method", p.method());
        out.put("imbalance_before", p.imbalanceBefore());
        out.put("imbalance_after", p.waves().isEmpty() ? p.imbalanceBefore()
                : p.waves().get(p.waves().size() - 1).imbalanceAfter());
        out.put("moves", p.waves().stream().mapToInt(w -> w.moves().size()).sum());
        out.put("memory", p.waves().stream().flatMap(w -> w.moves().stream()).mapToLong(Proposal.Move::memory).sum());
        out.put("waves", waves(p));
        out.put("waves_started", p.wavesStarted());
        out.put("basis", p.basis());
        out.put("expires_reason", r.expiresReason());
        out.put("decided_by", r.decidedBy());
        out.put("decided_at", instant(r.decidedAt()));
        out.put("finished_at", instant(r.finishedAt()));
        return out;
    }

    private static String instant(java.sql.Timestamp t) {
        return t == null ? null : Instant.ofEpochMilli(t.getTime()).toString();
    }
}
