package io.ballast.crs;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

/** The one CRS settings row (created by the migration). */
public interface CrsSettingsRepository extends JpaRepository<CrsSettingsEntity, Short> {

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select c from CrsSettingsEntity c where c.id = 1")
    Optional<CrsSettingsEntity> findForUpdate();

    @Query("select c from CrsSettingsEntity c where c.id = 1")
    Optional<CrsSettingsEntity> findSettings();
}
