package io.ballast.status;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** The arm/disarm row, read under a row lock so that arm/disarm and maintenance requests serialise. */
@Component
public class ArmState {

    private final ArmStateRepository rows;

    public ArmState(ArmStateRepository rows) {
        this.rows = rows;
    }

    /** Whether HA is disarmed; locks the row until the caller's transaction ends. */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean lockAndReadDisarmed() {
        return lockRow().isDisarmed();
    }

    /** The row, locked until the caller's transaction ends. */
    @Transactional(propagation = Propagation.MANDATORY)
    public ArmStateEntity lockRow() {
        return rows.findForUpdate().orElseThrow(() -> new IllegalStateException("arm_state row missing"));
    }
}
