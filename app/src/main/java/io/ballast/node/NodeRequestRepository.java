package io.ballast.node;

import org.springframework.data.jpa.repository.JpaRepository;

/** Node requests (maintenance). */
public interface NodeRequestRepository extends JpaRepository<NodeRequestEntity, String> {
}
