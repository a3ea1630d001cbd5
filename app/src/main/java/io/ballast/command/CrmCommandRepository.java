package io.ballast.command;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

/** Queued service commands. */
public interface CrmCommandRepository extends JpaRepository<CrmCommandEntity, Long> {

    List<CrmCommandEntity> findByConsumedAtIsNullOrderById();
}
