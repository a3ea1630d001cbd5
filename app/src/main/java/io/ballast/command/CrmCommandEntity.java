package io.ballast.command;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A queued service command (crm_command); the manager marks it consumed when its round takes it. */
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
    private Instant queuedAt;

    @Column(name = "consumed_at")
    private Instant consumedAt;

    protected CrmCommandEntity() {
    }

    CrmCommandEntity(String sid, String command, String targetNode, Integer timeout, String actor, Instant at) {
        this.sid = sid;
        this.command = command;
        this.targetNode = targetNode;
        this.timeout = timeout;
        this.actor = actor;
        this.queuedAt = at;
    }

    public Long getId() {
        return id;
    }

    public String getSid() {
        return sid;
    }

    public String getCommand() {
        return command;
    }

    public String getTargetNode() {
        return targetNode;
    }

    public Integer getTimeout() {
        return timeout;
    }

    public String getActor() {
        return actor;
    }

    public Instant getQueuedAt() {
        return queuedAt;
    }

    public Instant getConsumedAt() {
        return consumedAt;
    }
}
