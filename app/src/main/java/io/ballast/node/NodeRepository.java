package io.ballast.node;

import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

/** Cluster nodes. */
public interface NodeRepository extends JpaRepository<NodeEntity, String> {

    List<NodeEntity> findAllByOrderByNameAsc();

    @Query("select n.name from NodeEntity n")
    List<String> findAllNames();

    /** Locks the node row so that requests for one node serialise. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select n from NodeEntity n where n.name = :name")
    Optional<NodeEntity> findForUpdate(String name);
}
