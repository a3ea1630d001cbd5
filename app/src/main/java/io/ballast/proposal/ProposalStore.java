package io.ballast.proposal;

import io.ballast.core.Decision;
import io.ballast.core.Proposal;
import io.ballast.core.ProposalEvent;
import io.ballast.manager.store.ManagerStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/**
 * Rebalancing proposals in {@code rebalance_proposal}: what the manager's rounds hand the decision core (the open
 * or applied one, or the last dismissed one while nothing changed) and what they made of it, with one audit row
 * (and decision line) per event. The operator's apply and dismiss are in {@link ProposalService}.
 */
@Component
public class ProposalStore {

    static final String DISMISSED = "dismissed";
    static final String EXPIRED = "expired";
    static final String DONE = "done";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final ManagerStore decisions;

    ProposalStore(JdbcTemplate jdbc, ObjectMapper json, ManagerStore decisions) {
        this.jdbc = jdbc;
        this.json = json;
        this.decisions = decisions;
    }

    /** One stored proposal with what the core does not keep (who decided, when, why it expired). */
    record Row(Proposal proposal, String state, Timestamp createdAt, Long round, String expiresReason,
               String decidedBy, Timestamp decidedAt, Timestamp finishedAt) {
    }

    private static final String COLUMNS = "id, state, created_at, cluster_time, round, method, imbalance_before,"
            + " waves::text AS waves, basis, waves_started, expires_reason, decided_by, decided_at, finished_at";

    /**
     * What the next round reads: the open or applied proposal; else the newest one if an operator dismissed it (so
     * the same plan is not proposed again until the cluster changes); else null.
     */
    public Proposal forRound() {
        List<Row> open = jdbc.query("SELECT " + COLUMNS + " FROM rebalance_proposal WHERE state IN ('proposed',"
                + " 'applied')", this::row);
        if (!open.isEmpty()) {
            return open.get(0).proposal();
        }
        List<Row> latest = jdbc.query("SELECT " + COLUMNS + " FROM rebalance_proposal ORDER BY created_at DESC, id"
                + " DESC LIMIT 1", this::row);
        return latest.isEmpty() || !DISMISSED.equals(latest.get(0).state()) ? null : latest.get(0).proposal();
    }

    List<Row> list(String state) {
        return state == null
                ? jdbc.query("SELECT " + COLUMNS + " FROM rebalance_proposal ORDER BY created_at DESC, id DESC", this::row)
                : jdbc.query("SELECT " + COLUMNS + " FROM rebalance_proposal WHERE state = ? ORDER BY created_at DESC,"
                        + " id DESC", this::row, state);
    }

    Row find(String id) {
        List<Row> rows = jdbc.query("SELECT " + COLUMNS + " FROM rebalance_proposal WHERE id = ?", this::row, id);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** The row locked until the caller's transaction ends (an apply and the round's expiry do not interleave). */
    Row findForUpdate(String id) {
        List<Row> rows = jdbc.query("SELECT " + COLUMNS + " FROM rebalance_proposal WHERE id = ? FOR UPDATE",
                this::row, id);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** An operator's decision on an open proposal: {@code applied} or {@code dismissed}. */
    void decide(String id, String state, String actor) {
        jdbc.update("UPDATE rebalance_proposal SET state = ?, decided_by = ?, decided_at = now(), updated_at = now()"
                + " WHERE id = ?", state, actor, id);
    }

    /**
     * Persists what one round did with proposals, in the round's transaction: one row change and one audit row
     * (actor {@code ha-manager}) per event.
     */
    public void record(long round, String master, long clusterTime, List<ProposalEvent> events) {
        for (ProposalEvent e : events) {
            if (e instanceof ProposalEvent.Created c) {
                Proposal p = c.proposal();
                String id = p.id();
                // the core's id is made of the cluster time, which starts over with a restarted simulation
                for (int n = 2; insert(id, p, round) == 0; n++) {
                    id = p.id() + "-" + n;
                }
                audit(round, master, clusterTime, id, "propose", summary(p));
            } else if (e instanceof ProposalEvent.Expired x) {
                jdbc.update("UPDATE rebalance_proposal SET state = 'expired', expires_reason = ?, finished_at = now(),"
                        + " updated_at = now() WHERE id = ? AND state IN ('proposed', 'applied')",
                        truncate(x.reason(), 512), x.id());
                audit(round, master, clusterTime, x.id(), "expire", Map.of("reason", x.reason()));
            } else if (e instanceof ProposalEvent.WaveStarted w) {
                jdbc.update("UPDATE rebalance_proposal SET waves_started = ?, updated_at = now() WHERE id = ?"
                        + " AND state = 'applied'", w.wave(), w.id());
                Map<String, Object> what = new LinkedHashMap<>();
                what.put("wave", w.wave());
                what.put("started", w.started());
                what.put("skipped", w.skipped());
                audit(round, master, clusterTime, w.id(), "wave", what);
            } else if (e instanceof ProposalEvent.Done d) {
                jdbc.update("UPDATE rebalance_proposal SET state = 'done', finished_at = now(), updated_at = now()"
                        + " WHERE id = ? AND state = 'applied'", d.id());
                audit(round, master, clusterTime, d.id(), "done", Map.of());
            } else {
                throw new IllegalStateException("unhandled proposal event " + e.getClass());
            }
        }
    }

    private int insert(String id, Proposal p, long round) {
        return jdbc.update("INSERT INTO rebalance_proposal (id, state, cluster_time, round, method, imbalance_before,"
                + " waves, basis) VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?) ON CONFLICT (id) DO NOTHING", id, p.state(),
                p.createdAt(), round, p.method(), p.imbalanceBefore(), json.writeValueAsString(ProposalJson.waves(p)),
                p.basis());
    }

    private static Map<String, Object> summary(Proposal p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("method", p.method());
        out.put("imbalance_before", p.imbalanceBefore());
        out.put("imbalance_after", p.waves().get(p.waves().size() - 1).imbalanceAfter());
        out.put("waves", p.waves().size());
        out.put("moves", p.waves().stream().mapToInt(w -> w.moves().size()).sum());
        return out;
    }

    private void audit(long round, String master, long clusterTime, String id, String operation,
                       Map<String, Object> details) {
        Map<String, Object> after = Map.of("state", switch (operation) {
            case "propose" -> Proposal.PROPOSED;
            case "expire" -> EXPIRED;
            case "done" -> DONE;
            default -> Proposal.APPLIED;
        });
        decisions.writeDecision("proposal", operation, round, null, master, clusterTime,
                new Decision(id, "proposal", operation, describe(operation, details)), null, after, details);
    }

    private static String describe(String operation, Map<String, Object> details) {
        return switch (operation) {
            case "propose" -> "rebalancing proposed, waits for approval: " + details;
            case "expire" -> String.valueOf(details.get("reason"));
            case "wave" -> "wave " + details.get("wave") + " started: " + details.get("started")
                    + (((List<?>) details.get("skipped")).isEmpty() ? "" : ", skipped " + details.get("skipped"));
            default -> "every wave ran";
        };
    }

    private static String truncate(String s, int max) {
        return s.length() > max ? s.substring(0, max) : s;
    }

    private Row row(ResultSet rs, int n) throws SQLException {
        List<Proposal.Wave> waves = ProposalJson.waves(json.readValue(rs.getString("waves"),
                new TypeReference<List<Map<String, Object>>>() { }));
        String state = rs.getString("state");
        Proposal p = new Proposal(rs.getString("id"), state, rs.getLong("cluster_time"), rs.getString("method"),
                rs.getDouble("imbalance_before"), waves, rs.getString("basis"), rs.getInt("waves_started"));
        long round = rs.getLong("round");
        return new Row(p, state, rs.getTimestamp("created_at"), rs.wasNull() ? null : round,
                rs.getString("expires_reason"), rs.getString("decided_by"), rs.getTimestamp("decided_at"),
                rs.getTimestamp("finished_at"));
    }
}
