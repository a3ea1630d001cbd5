package io.ballast.audit;


import io.ballast.core.Decision;
import io.ballast.manager.store.DecisionLog;
import io.ballast.metrics.BallastMetrics;
import io.ballast.web.ApiException;
import io.ballast.web.ApiResponses;
import io.ballast.web.Inputs;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/audit}: the audit trail newest first (the console's decision timeline). Filters: {@code
 * resource}, {@code node}, {@code kind} (a row type — config, decision, action — or a decision kind as in the log
 * lines: fence, recovery, migrate, ...), {@code since} (ISO-8601), {@code before} (an id, for the next page) and
 * {@code limit} (1-500, default 100). A decision-kind filter scans at most {@value #SCAN_LIMIT} rows per request;
 * {@code next_before} continues from where it stopped.
 */
@RestController
@Tag(name = "audit")
class AuditController {

    static final int MAX_LIMIT = 500;
    static final int SCAN_LIMIT = 5_000;
    private static final Set<String> TYPES = Set.of("config", "decision", "action");

    private final AuditEventRepository events;

    AuditController(AuditEventRepository events) {
        this.events = events;
    }

    @Operation(operationId = "listAudit", summary = "Read the audit trail",
            description = "Configuration changes and the manager's decisions, newest first. Filters: resource, node, kind (config, decision, action, or a decision kind such as fence, recovery, migrate), since (ISO-8601), before (an id: the next page, see next_before), limit 1-500 (100). 400 names a bad parameter.")
    @ApiResponse(responseCode = "200", description = "one page of rows",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiResponses.AuditPage.class)))
    @GetMapping("/api/v1/audit")
    @Transactional(readOnly = true)
    public Map<String, Object> list(@RequestParam(required = false) String resource,
                                    @RequestParam(required = false) String node,
                                    @RequestParam(required = false) String kind,
                                    @RequestParam(required = false) String since,
                                    @RequestParam(required = false) String before,
                                    @RequestParam(name = "limit", defaultValue = "100") String limitText) {
        int limit = (int) number("limit", limitText, 1, MAX_LIMIT);
        if (kind != null && !TYPES.contains(kind) && !BallastMetrics.KINDS.contains(kind)) {
            throw ApiException.invalid("kind", "must be one of config, decision, action or a decision kind "
                    + BallastMetrics.KINDS + ", got '" + kind + "'");
        }
        if (since != null) {
            try {
                Instant.parse(since);
            } catch (DateTimeParseException e) {
                throw ApiException.invalid("since", "must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
            }
        }
        String type = kind == null ? null : TYPES.contains(kind) ? kind : "decision";
        String decisionKind = kind == null || TYPES.contains(kind) ? null : kind;
        List<Map<String, Object>> out = new ArrayList<>();
        long cursor = before == null ? Long.MAX_VALUE : number("before", before, 1, Long.MAX_VALUE);
        int scanned = 0;
        boolean more = true;
        while (out.size() < limit && scanned < SCAN_LIMIT && more) {
            int page = decisionKind == null ? limit - out.size() : MAX_LIMIT;
            List<AuditEventEntity> rows = events.newest(cursor, blank(resource), blank(node), type, since, page);
            more = rows.size() == page;
            for (AuditEventEntity e : rows) {
                scanned++;
                cursor = e.getId();
                Map<String, Object> row = row(e);
                if (decisionKind == null || decisionKind.equals(row.get("kind"))) {
                    out.add(row);
                    if (out.size() == limit) {
                        more = true;
                        break;
                    }
                }
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("events", out);
        body.put("next_before", more ? cursor : null);
        return body;
    }

    /** A whole number in [min, max], or 400 naming the parameter (not a bare type-mismatch error). */
    private static long number(String name, String text, long min, long max) {
        try {
            long v = Long.parseLong(text.strip());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.invalid(name, "must be a whole number from " + min + " to " + max + ", got '"
                + Inputs.shown(text) + "'");
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** One row; {@code kind} is the decision's kind for decision rows (as in the log), else the row type. */
    static Map<String, Object> row(AuditEventEntity e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.getId());
        m.put("at", e.getAt() == null ? null : e.getAt().toString());
        m.put("type", e.getKind());
        m.put("kind", "decision".equals(e.getKind()) ? DecisionLog.kind(decision(e)) : e.getKind());
        m.put("actor", e.getActor());
        m.put("actor_note", e.getActorNote());
        m.put("entity_type", e.getEntityType());
        m.put("entity_id", e.getEntityId());
        m.put("operation", e.getOperation());
        m.put("before", e.getBefore());
        m.put("after", e.getAfter());
        m.put("round", e.getRound());
        m.put("rule_base_version", e.getRuleBaseVersion());
        m.put("explanation", e.getExplanation());
        return m;
    }

    /** The decision a row records, as far as {@link DecisionLog#kind} needs it (subject, trigger, action). */
    private static Decision decision(AuditEventEntity e) {
        Map<String, Object> x = e.getExplanation();
        Object action = x == null ? null : x.get("action");
        Object why = x == null ? null : x.get("explanation");
        return new Decision(e.getEntityId(), e.getOperation(), action == null ? null : action.toString(),
                why == null ? null : why.toString());
    }
}
