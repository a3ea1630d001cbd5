package io.ballast.audit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import tools.jackson.databind.ObjectMapper;

/** Writes configuration-change rows into audit_event, inside the caller's transaction. */
@Component
public class AuditLog {

    public static final String ACTOR_HEADER = "X-Ballast-Actor";

    private final AuditEventRepository events;
    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public AuditLog(AuditEventRepository events, JdbcTemplate jdbc, ObjectMapper json) {
        this.events = events;
        this.jdbc = jdbc;
        this.json = json;
    }

    /** One configuration change, for {@link #configs}. */
    public record Change(String entityType, String entityId, String operation, Map<String, ?> before, Map<String, ?> after) {
    }

    /**
     * The rows of many changes (an import) in JDBC batches: one statement per entity would cost a round trip each,
     * as audit ids come from the database.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void configs(List<Change> changes) {
        String actor = actor();
        String note = actorNote();
        jdbc.batchUpdate("INSERT INTO audit_event (kind, actor, actor_note, entity_type, entity_id, operation, before, after)"
                + " VALUES ('config', ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb)", changes, 500, (ps, c) -> {
                    ps.setString(1, actor);
                    ps.setString(2, note);
                    ps.setString(3, c.entityType());
                    ps.setString(4, c.entityId());
                    ps.setString(5, c.operation());
                    ps.setString(6, c.before() == null ? null : json.writeValueAsString(c.before()));
                    ps.setString(7, c.after() == null ? null : json.writeValueAsString(c.after()));
                });
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void config(String entityType, String entityId, String operation, Map<String, ?> before, Map<String, ?> after) {
        events.save(AuditEventEntity.config(actor(), actorNote(), entityType, entityId, operation, copy(before), copy(after)));
    }

    // a copy: the caller's map may be immutable or change later, the row must hold what was true now
    private static Map<String, Object> copy(Map<String, ?> value) {
        return value == null ? null : new LinkedHashMap<>(value);
    }

    /**
     * Who made the change: the authenticated token's name. Work that no request started (the first start's admin
     * token, seeding) is {@code system}.
     */
    public static String actor() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.isAuthenticated() && !(auth instanceof AnonymousAuthenticationToken)) {
            return auth.getName();
        }
        return "system";
    }

    /**
     * What the client says about itself in X-Ballast-Actor (e.g. the person behind a shared automation token):
     * kept as a note beside the actor, never as the actor, since anyone can send it. One line, at most 128 characters.
     */
    public static String actorNote() {
        RequestAttributes attrs = RequestContextHolder.getRequestAttributes();
        if (attrs instanceof ServletRequestAttributes s) {
            String header = s.getRequest().getHeader(ACTOR_HEADER);
            if (header != null && !header.isBlank()) {
                String line = header.strip().replaceAll("\\p{Cntrl}", "?");
                return line.length() > 128 ? line.substring(0, 128) : line;
            }
        }
        return null;
    }
}
