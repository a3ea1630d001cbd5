package io.ballast.status;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Read access to the manager's service status. */
public interface ServiceStatusRepository extends JpaRepository<ServiceStatusEntity, String> {

    @Query("select s.state from ServiceStatusEntity s where s.sid = :sid")
    Optional<String> findStateBySid(String sid);

    /** Whether the manager has the service in {@code error} (spec §2.5: only state=disabled leaves it). */
    default boolean inError(String sid) {
        return findStateBySid(sid).map("error"::equals).orElse(false);
    }
}
