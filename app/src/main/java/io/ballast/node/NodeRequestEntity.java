package io.ballast.node;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.time.Instant;
import org.springframework.data.domain.Persistable;

/** An admin's request for a node (node_request): today only maintenance, executed by the manager. */
@Entity
@Table(name = "node_request")
public class NodeRequestEntity implements Persistable<String> {

    @Id
    private String node;

    private boolean maintenance;

    @Column(name = "requested_at")
    private Instant requestedAt;

    @Transient
    private boolean fresh;

    protected NodeRequestEntity() {
    }

    NodeRequestEntity(String node) {
        this.node = node;
        this.fresh = true;
    }

    void request(boolean maintenance) {
        this.maintenance = maintenance;
        this.requestedAt = Instant.now();
    }

    public String getNode() {
        return node;
    }

    public boolean isMaintenance() {
        return maintenance;
    }

    @Override
    public String getId() {
        return node;
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
