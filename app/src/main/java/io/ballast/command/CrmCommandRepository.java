package io.ballast.command;

import jakarta.persistence.LockModeType;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

/** Queued service commands. */
public interface CrmCommandRepository extends JpaRepository<CrmCommandEntity, Long> {

    /** Not yet taken by the manager, oldest first. */
    List<CrmCommandEntity> findByConsumedAtIsNullOrderByIdAsc();

    /** The pending commands, locked so that two rounds never both take one. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select c from CrmCommandEntity c where c.consumedAt is null order by c.id")
    List<CrmCommandEntity> findPendingForUpdate();
}
