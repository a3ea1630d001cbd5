package io.ballast.audit;

import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
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

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public AuditLog(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void config(String entityType, String entityId, String operation, Map<String, ?> before, Map<String, ?> after) {
        jdbc.update("INSERT INTO audit_event (kind, actor, entity_type, entity_id, operation, before, after)"
                        + " VALUES ('config', ?, ?, ?, ?, ?::jsonb, ?::jsonb)",
                actor(), entityType, entityId, operation, toJson(before), toJson(after));
    }

    private String toJson(Map<String, ?> value) {
        return value == null ? null : json.writeValueAsString(value);
    }

    public static String actor() {
        RequestAttributes attrs = RequestContextHolder.getRequestAttributes();
        if (attrs instanceof ServletRequestAttributes s) {
            String header = s.getRequest().getHeader(ACTOR_HEADER);
            if (header != null && !header.isBlank()) {
                return header.length() > 128 ? header.substring(0, 128) : header.strip();
            }
        }
        return "anonymous";
    }
}
