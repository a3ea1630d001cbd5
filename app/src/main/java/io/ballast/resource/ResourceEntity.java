package io.ballast.resource;

import io.ballast.persistence.AssignedIdEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One row of ha_resource (the sid is the assigned key). */
@Entity
@Table(name = "ha_resource")
public class ResourceEntity extends AssignedIdEntity<String> {

    @Id
    private String sid;

    private String type;

    private int vmid;

    private String state;

    @Column(name = "max_restart")
    private int maxRestart;

    @Column(name = "max_relocate")
    private int maxRelocate;

    private boolean failback;

    private boolean rebalance;

    private String comment;

    @Column(name = "created_at", insertable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at")
    private Instant updatedAt;

    protected ResourceEntity() {
    }

    ResourceEntity(ResourceConfig config, Instant at) {
        this.sid = config.sid();
        this.type = config.type();
        this.vmid = config.vmid();
        markNew();
        assign(config, at);
    }

    /** Copies the changeable keys of {@code config} (same sid). */
    void assign(ResourceConfig config, Instant at) {
        this.state = config.state();
        this.maxRestart = config.maxRestart();
        this.maxRelocate = config.maxRelocate();
        this.failback = config.failback();
        this.rebalance = config.rebalance();
        this.comment = config.comment();
        this.updatedAt = at;
    }

    public ResourceConfig toConfig() {
        return new ResourceConfig(sid, type, vmid, state, maxRestart, maxRelocate, failback, rebalance, comment);
    }

    @Override
    public String getId() {
        return sid;
    }
}
