package io.ballast.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One row of the audit trail (audit_event). before/after/explanation are JSONB so that the SQL of docs/audit.md
 * can look into them ({@code after->>'state'}); {@code at} is the database's transaction time.
 */
@Entity
@Immutable   // rows are only ever inserted: no dirty checks of their JSON at each flush
@Table(name = "audit_event")
public class AuditEventEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(insertable = false, updatable = false)
    private Instant at;

    private String kind;

    private String actor;

    @Column(name = "actor_note")
    private String actorNote;

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

    /** A configuration change made through the API. */
    static AuditEventEntity config(String actor, String actorNote, String entityType, String entityId, String operation,
                                   Map<String, Object> before, Map<String, Object> after) {
        AuditEventEntity e = new AuditEventEntity();
        e.kind = "config";
        e.actor = actor;
        e.actorNote = actorNote;
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

    public Instant getAt() {
        return at;
    }

    public String getKind() {
        return kind;
    }

    public String getActor() {
        return actor;
    }

    /** What the client said about itself (X-Ballast-Actor), if anything; not authenticated. */
    public String getActorNote() {
        return actorNote;
    }

    public String getEntityType() {
        return entityType;
    }

    public String getEntityId() {
        return entityId;
    }

    public String getOperation() {
        return operation;
    }

    public Map<String, Object> getBefore() {
        return before;
    }

    public Map<String, Object> getAfter() {
        return after;
    }

    public Long getRound() {
        return round;
    }

    public String getRuleBaseVersion() {
        return ruleBaseVersion;
    }

    public Map<String, Object> getExplanation() {
        return explanation;
    }
}
