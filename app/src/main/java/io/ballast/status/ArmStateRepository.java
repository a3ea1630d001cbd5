package io.ballast.status;

import jakarta.persistence.LockModeType;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

/** The arm/disarm singleton. */
public interface ArmStateRepository extends JpaRepository<ArmStateEntity, Short> {

    @Query("select a from ArmStateEntity a where a.id = 1")
    ArmStateEntity current();

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select a from ArmStateEntity a where a.id = 1")
    ArmStateEntity currentForUpdate();
}
