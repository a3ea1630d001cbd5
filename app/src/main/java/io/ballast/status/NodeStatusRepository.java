package io.ballast.status;

import org.springframework.data.jpa.repository.JpaRepository;

/** Read access to the manager's node status. */
public interface NodeStatusRepository extends JpaRepository<NodeStatusEntity, String> {
}
