package io.ballast.status;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The single arm_state row (id = 1, created by the migration): whether HA is disarmed and how. */
@Entity
@Table(name = "arm_state")
public class ArmStateEntity {

    @Id
    private short id;

    private boolean disarmed;

    /** freeze or ignore while disarmed, null when armed. */
    @Column(name = "resource_mode")
    private String resourceMode;

    @Column(name = "changed_at")
    private Instant changedAt;

    protected ArmStateEntity() {
    }

    void disarm(String mode, Instant at) {
        disarmed = true;
        resourceMode = mode;
        changedAt = at;
    }

    void arm(Instant at) {
        disarmed = false;
        resourceMode = null;
        changedAt = at;
    }

    public boolean isDisarmed() {
        return disarmed;
    }

    public String getResourceMode() {
        return resourceMode;
    }
}
