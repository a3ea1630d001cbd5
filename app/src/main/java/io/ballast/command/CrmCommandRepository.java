package io.ballast.command;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

/** Queued service commands. */
public interface CrmCommandRepository extends JpaRepository<CrmCommandEntity, Long> {

    /** Not yet taken by the manager, oldest first. */
    List<CrmCommandEntity> findByConsumedAtIsNullOrderByIdAsc();
}
