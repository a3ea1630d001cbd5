package io.ballast.status;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** The arm/disarm row, read under a row lock so that arm/disarm and maintenance requests serialise. */
@Component
public class ArmState {

    private final JdbcTemplate jdbc;

    public ArmState(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Whether HA is disarmed; locks the row until the caller's transaction ends. */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean lockAndReadDisarmed() {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT disarmed FROM arm_state WHERE id = 1 FOR UPDATE", Boolean.class));
    }
}
