package io.ballast.rule;

import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

/** HA rules with their members and nodes. */
public interface RuleRepository extends JpaRepository<RuleEntity, String> {

    @Query("select r from RuleEntity r order by r.order, r.id")
    List<RuleEntity> findAllOrdered();

    @Query("select distinct r from RuleEntity r join r.resources s where s = :sid order by r.id")
    List<RuleEntity> findByResource(String sid);

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select r from RuleEntity r where r.id = :id")
    Optional<RuleEntity> findForUpdate(String id);
}
