package io.ballast.persistence;

import jakarta.persistence.EntityManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Serialises the configuration writes that are validated against other rows (rules against the rule set and
 * the resources, a resource against the VMIDs and the rules that use it, an import against all of it).
 * A transaction-scoped PostgreSQL advisory lock, taken as the first statement of such a write: the previous
 * holder has committed when it is granted, and under READ COMMITTED every later statement sees that commit, so
 * validation reads committed state and two writes can no longer each pass against a state without the other
 * (write skew). The key is per schema, so Ballast installations sharing one database do not wait on each other.
 */
@Component
public class ConfigWriteLock {

    /** First half of the two-part advisory lock key: "BaLs". */
    static final int NAMESPACE = 0x42614c73;

    private final EntityManager entityManager;

    public ConfigWriteLock(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Waits until no other configuration write runs; held until the caller's transaction ends. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void acquire() {
        entityManager.createNativeQuery("SELECT 1 FROM pg_advisory_xact_lock(:ns, hashtext(current_schema()))")
                .setParameter("ns", NAMESPACE)
                .getSingleResult();
    }
}
