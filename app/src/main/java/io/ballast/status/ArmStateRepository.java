package io.ballast.status;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

/** The one arm/disarm row (created by the migration). */
public interface ArmStateRepository extends JpaRepository<ArmStateEntity, Short> {

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select a from ArmStateEntity a where a.id = 1")
    Optional<ArmStateEntity> findForUpdate();
}
