package io.ballast.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One row of audit_event: a configuration change (kind config), a manager decision or an action. */
@Entity
@Table(name = "audit_event")
public class AuditEventEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private OffsetDateTime at;

    private String kind;

    private String actor;

    @Column(name = "entity_type")
    private String entityType;

    @Column(name = "entity_id")
    private String entityId;

    private String operation;

    @JdbcTypeCode(SqlTypes.JSON)
    private Map<String, Object> before;

    @JdbcTypeCode(SqlTypes.JSON)
    private Map<String, Object> after;

    private Long round;

    @Column(name = "rule_base_version")
    private String ruleBaseVersion;

    @JdbcTypeCode(SqlTypes.JSON)
    private Map<String, Object> explanation;

    protected AuditEventEntity() {
    }

    static AuditEventEntity config(String actor, String entityType, String entityId, String operation,
                                   Map<String, Object> before, Map<String, Object> after) {
        AuditEventEntity e = new AuditEventEntity();
        e.at = OffsetDateTime.now();
        e.kind = "config";
        e.actor = actor;
        e.entityType = entityType;
        e.entityId = entityId;
        e.operation = operation;
        e.before = before;
        e.after = after;
        return e;
    }

    public Long getId() {
        return id;
    }

    public String getOperation() {
        return operation;
    }

    public Map<String, Object> getAfter() {
        return after;
    }
}
