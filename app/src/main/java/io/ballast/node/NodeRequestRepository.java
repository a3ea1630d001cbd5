package io.ballast.node;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

/** Maintenance requests per node. */
public interface NodeRequestRepository extends JpaRepository<NodeRequestEntity, String> {

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select r from NodeRequestEntity r where r.node = :node")
    Optional<NodeRequestEntity> findForUpdate(String node);
}
