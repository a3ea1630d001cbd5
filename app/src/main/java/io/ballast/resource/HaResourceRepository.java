package io.ballast.resource;

import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

/** HA resources, listed as Proxmox does (by type, then VMID). */
public interface HaResourceRepository extends JpaRepository<HaResourceEntity, String> {

    @Query("select r from HaResourceEntity r order by r.type, r.vmid")
    List<HaResourceEntity> findAllOrdered();

    boolean existsByVmid(int vmid);

    /** Locks the row so concurrent updates of one resource are serialised (digest check, then write). */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select r from HaResourceEntity r where r.sid = :sid")
    Optional<HaResourceEntity> findForUpdate(String sid);
}
