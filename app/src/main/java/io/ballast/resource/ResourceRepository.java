package io.ballast.resource;

import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

/** HA resources (ha_resource). */
public interface ResourceRepository extends JpaRepository<ResourceEntity, String> {

    List<ResourceEntity> findAllByOrderByTypeAscVmidAsc();

    /** Locks the row until the transaction ends, so concurrent updates of one resource serialise. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select r from ResourceEntity r where r.sid = :sid")
    Optional<ResourceEntity> findForUpdate(String sid);

    boolean existsByVmid(int vmid);

    @Query("select r.vmid from ResourceEntity r")
    List<Integer> findAllVmids();

    @Query("select r.sid from ResourceEntity r")
    List<String> findAllSids();
}
