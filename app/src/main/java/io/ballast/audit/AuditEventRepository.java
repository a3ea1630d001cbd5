package io.ballast.audit;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/** The audit trail. */
public interface AuditEventRepository extends JpaRepository<AuditEventEntity, Long> {

    List<AuditEventEntity> findByEntityTypeAndEntityIdOrderByIdAsc(String entityType, String entityId);

    /**
     * Newest first, below id {@code before}: rows about {@code resource}, about {@code node} (the node itself, or a
     * resource that was on it or went to it), of audit {@code type} (config, decision, action), at or after
     * {@code since} (ISO-8601); a null filter matches every row. Uses the primary key's order (ids grow with time).
     */
    @Query(nativeQuery = true, value = """
            SELECT * FROM audit_event
            WHERE id < :before
              AND (CAST(:resource AS text) IS NULL OR (entity_type = 'resource' AND entity_id = CAST(:resource AS text)))
              AND (CAST(:node AS text) IS NULL
                   OR (entity_type = 'node' AND entity_id = CAST(:node AS text))
                   OR (entity_type = 'resource' AND (before->>'node' = CAST(:node AS text)
                       OR after->>'node' = CAST(:node AS text) OR after->>'target' = CAST(:node AS text))))
              AND (CAST(:type AS text) IS NULL OR kind = CAST(:type AS text))
              AND (CAST(:since AS text) IS NULL OR at >= CAST(CAST(:since AS text) AS timestamptz))
            ORDER BY id DESC
            LIMIT :limit""")
    List<AuditEventEntity> newest(@Param("before") long before, @Param("resource") String resource,
                                  @Param("node") String node, @Param("type") String type,
                                  @Param("since") String since, @Param("limit") int limit);
}
