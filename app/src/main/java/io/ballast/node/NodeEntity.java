package io.ballast.node;

import io.ballast.persistence.AssignedIdEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A cluster member (node); {@code state} is the configured fallback until the manager reports one. */
@Entity
@Table(name = "node")
public class NodeEntity extends AssignedIdEntity<String> {

    @Id
    private String name;

    private String state;

    protected NodeEntity() {
    }

    NodeEntity(String name) {
        this.name = name;
        this.state = "online";
        markNew();
    }

    public String getName() {
        return name;
    }

    public String getState() {
        return state;
    }

    @Override
    public String getId() {
        return name;
    }
}
