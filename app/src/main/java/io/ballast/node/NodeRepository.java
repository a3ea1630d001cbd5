package io.ballast.node;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

/** Configured cluster nodes. */
public interface NodeRepository extends JpaRepository<NodeEntity, String> {

    List<NodeEntity> findAllByOrderByName();
}
