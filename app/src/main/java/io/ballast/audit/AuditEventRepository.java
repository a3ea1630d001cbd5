package io.ballast.audit;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

/** The audit trail (queried in SQL by operators: docs/audit.md). */
public interface AuditEventRepository extends JpaRepository<AuditEventEntity, Long> {

    List<AuditEventEntity> findByEntityTypeAndEntityIdOrderById(String entityType, String entityId);
}
