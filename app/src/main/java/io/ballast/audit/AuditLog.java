package io.ballast.audit;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** Writes configuration-change rows into audit_event, inside the caller's transaction. */
@Component
public class AuditLog {

    public static final String ACTOR_HEADER = "X-Ballast-Actor";

    private final AuditEventRepository events;

    public AuditLog(AuditEventRepository events) {
        this.events = events;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void config(String entityType, String entityId, String operation, Map<String, ?> before, Map<String, ?> after) {
        events.save(AuditEventEntity.config(actor(), entityType, entityId, operation, copy(before), copy(after)));
    }

    // a copy: the caller's map may be immutable or change later, the row must hold what was true now
    private static Map<String, Object> copy(Map<String, ?> value) {
        return value == null ? null : new LinkedHashMap<>(value);
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
