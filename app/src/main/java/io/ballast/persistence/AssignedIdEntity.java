package io.ballast.persistence;

import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Transient;
import org.springframework.data.domain.Persistable;

/**
 * Base of entities whose key is assigned by the application (a sid, a node name). Spring Data would otherwise
 * treat them as existing and merge (SELECT, then INSERT or a silent UPDATE); this way a create is one INSERT and a
 * duplicate key fails.
 */
@MappedSuperclass
public abstract class AssignedIdEntity<ID> implements Persistable<ID> {

    @Transient
    private boolean fresh;

    /** Called by the constructor that makes a new row. */
    protected void markNew() {
        fresh = true;
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
