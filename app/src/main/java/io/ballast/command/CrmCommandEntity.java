package io.ballast.command;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/** A queued service command (migrate/relocate/stop); the manager marks it consumed when it takes it. */
@Entity
@Table(name = "crm_command")
public class CrmCommandEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String sid;

    private String command;

    @Column(name = "target_node")
    private String targetNode;

    private Integer timeout;

    private String actor;

    @Column(name = "queued_at")
    private OffsetDateTime queuedAt;

    @Column(name = "consumed_at")
    private OffsetDateTime consumedAt;

    protected CrmCommandEntity() {
    }

    CrmCommandEntity(String sid, String command, String targetNode, Integer timeout, String actor) {
        this.sid = sid;
        this.command = command;
        this.targetNode = targetNode;
        this.timeout = timeout;
        this.actor = actor;
        this.queuedAt = OffsetDateTime.now();
    }

    /** What was queued (the answer to a command request and its audit row). */
    Map<String, Object> summary() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("sid", sid);
        out.put("command", command);
        out.put("node", targetNode);
        out.put("timeout", timeout);
        return out;
    }

    /** The API view of a pending command: the summary plus who queued it and when. */
    Map<String, Object> toMap() {
        Map<String, Object> out = summary();
        out.put("actor", actor);
        out.put("queued_at", queuedAt);
        return out;
    }
}
