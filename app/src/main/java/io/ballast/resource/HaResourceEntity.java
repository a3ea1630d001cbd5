package io.ballast.resource;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PrePersist;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** One row of ha_resource: the HA configuration of a guest (spec §1.2). */
@Entity
@Table(name = "ha_resource")
public class HaResourceEntity {

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

    @Column(name = "created_at", updatable = false)
    private OffsetDateTime createdAt;

    @Column(name = "updated_at")
    private OffsetDateTime updatedAt;

    protected HaResourceEntity() {
    }

    HaResourceEntity(ResourceConfig config) {
        this.sid = config.sid();
        this.type = config.type();
        this.vmid = config.vmid();
        assign(config);
    }

    /** Copies the changeable fields; sid, type and VMID identify the guest and never change. */
    void assign(ResourceConfig config) {
        this.state = config.state();
        this.maxRestart = config.maxRestart();
        this.maxRelocate = config.maxRelocate();
        this.failback = config.failback();
        this.rebalance = config.rebalance();
        this.comment = config.comment();
    }

    ResourceConfig toConfig() {
        return new ResourceConfig(sid, type, vmid, state, maxRestart, maxRelocate, failback, rebalance, comment);
    }

    @PrePersist
    void created() {
        createdAt = OffsetDateTime.now();
        updatedAt = createdAt;
    }

    @PreUpdate
    void updated() {
        updatedAt = OffsetDateTime.now();
    }
}
