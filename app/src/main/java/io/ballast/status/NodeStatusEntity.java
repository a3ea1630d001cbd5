package io.ballast.status;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

/** The manager's view of one node (node_status); written only by the manager's per-round replace (ManagerStore). */
@Entity
@Immutable
@Table(name = "node_status")
public class NodeStatusEntity {

    @Id
    private String node;

    private String state;

    protected NodeStatusEntity() {
    }

    public String getNode() {
        return node;
    }

    public String getState() {
        return state;
    }
}
