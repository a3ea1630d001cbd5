package io.ballast.audit;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

/** The audit trail. */
public interface AuditEventRepository extends JpaRepository<AuditEventEntity, Long> {

    List<AuditEventEntity> findByEntityTypeAndEntityIdOrderByIdAsc(String entityType, String entityId);
}
