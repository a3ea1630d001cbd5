package io.ballast.node;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import org.springframework.data.domain.Persistable;

/** A cluster member (node); {@code state} is the configured fallback until the manager reports one. */
@Entity
@Table(name = "node")
public class NodeEntity implements Persistable<String> {

    @Id
    private String name;

    private String state;

    @Transient
    private boolean fresh;

    protected NodeEntity() {
    }

    NodeEntity(String name) {
        this.name = name;
        this.state = "online";
        this.fresh = true;
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
