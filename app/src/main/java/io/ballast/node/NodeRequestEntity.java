package io.ballast.node;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A node request (spec §7): maintenance on or off, executed by the HA manager. */
@Entity
@Table(name = "node_request")
public class NodeRequestEntity {

    @Id
    private String node;

    private boolean maintenance;

    @Column(name = "requested_at")
    private OffsetDateTime requestedAt;

    protected NodeRequestEntity() {
    }

    NodeRequestEntity(String node) {
        this.node = node;
    }

    public String getNode() {
        return node;
    }

    public boolean isMaintenance() {
        return maintenance;
    }

    void request(boolean on) {
        maintenance = on;
        requestedAt = OffsetDateTime.now();
    }
}
