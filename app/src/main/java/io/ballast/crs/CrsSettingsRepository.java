package io.ballast.crs;

import jakarta.persistence.LockModeType;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

/** The CRS settings singleton. */
public interface CrsSettingsRepository extends JpaRepository<CrsSettingsEntity, Short> {

    @Query("select c from CrsSettingsEntity c where c.id = 1")
    CrsSettingsEntity settings();

    /** The row locked until the transaction ends, so two concurrent updates do not interleave their audit rows. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select c from CrsSettingsEntity c where c.id = 1")
    CrsSettingsEntity settingsForUpdate();
}
