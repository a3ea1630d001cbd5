package io.ballast.resource;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.time.Instant;
import org.springframework.data.domain.Persistable;

/** One row of ha_resource. The sid is assigned, so the entity says itself whether it is new (no merge-select). */
@Entity
@Table(name = "ha_resource")
public class ResourceEntity implements Persistable<String> {

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

    @Transient
    private boolean fresh;

    protected ResourceEntity() {
    }

    ResourceEntity(ResourceConfig config) {
        this.sid = config.sid();
        this.type = config.type();
        this.vmid = config.vmid();
        this.fresh = true;
        assign(config);
    }

    /** Copies the changeable keys of {@code config} (same sid). */
    void assign(ResourceConfig config) {
        this.state = config.state();
        this.maxRestart = config.maxRestart();
        this.maxRelocate = config.maxRelocate();
        this.failback = config.failback();
        this.rebalance = config.rebalance();
        this.comment = config.comment();
        this.updatedAt = Instant.now();
    }

    public ResourceConfig toConfig() {
        return new ResourceConfig(sid, type, vmid, state, maxRestart, maxRelocate, failback, rebalance, comment);
    }

    @Override
    public String getId() {
        return sid;
    }

    @Override
    public boolean isNew() {
        return fresh;
    }

    @PostLoad
    @PostPersist
    void stored() {
        fresh = false;
    }
}
