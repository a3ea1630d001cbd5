package io.ballast.node;

import io.ballast.persistence.AssignedIdEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An admin's request for a node (node_request): today only maintenance, executed by the manager. */
@Entity
@Table(name = "node_request")
public class NodeRequestEntity extends AssignedIdEntity<String> {

    @Id
    private String node;

    private boolean maintenance;

    @Column(name = "requested_at")
    private Instant requestedAt;

    protected NodeRequestEntity() {
    }

    NodeRequestEntity(String node) {
        this.node = node;
        markNew();
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
}
