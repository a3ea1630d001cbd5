package io.ballast.node;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A cluster node as configured (the manager's view of it is node_status). */
@Entity
@Table(name = "node")
public class NodeEntity {

    @Id
    private String name;

    private String state = "online";

    protected NodeEntity() {
    }

    NodeEntity(String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }

    public String getState() {
        return state;
    }
}
