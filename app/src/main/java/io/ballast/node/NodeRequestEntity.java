package io.ballast.node;

import io.ballast.persistence.AssignedIdEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * An operator's requests for a node (node_request): maintenance, executed by the manager, and the confirmation
 * that a failed node is powered off, which lets the manager recover its guests (a fencing proof).
 */
@Entity
@Table(name = "node_request")
public class NodeRequestEntity extends AssignedIdEntity<String> {

    @Id
    private String node;

    private boolean maintenance;

    @Column(name = "requested_at")
    private Instant requestedAt;

    @Column(name = "off_confirmed_at")
    private Instant offConfirmedAt;

    protected NodeRequestEntity() {
    }

    NodeRequestEntity(String node, Instant at) {
        this.node = node;
        this.requestedAt = at;
        markNew();
    }

    void request(boolean maintenance, Instant at) {
        this.maintenance = maintenance;
        this.requestedAt = at;
    }

    void confirmOff(Instant at) {
        this.offConfirmedAt = at;
    }

    /** When an operator confirmed the node powered off; null when not (or no longer) confirmed. */
    public Instant getOffConfirmedAt() {
        return offConfirmedAt;
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
