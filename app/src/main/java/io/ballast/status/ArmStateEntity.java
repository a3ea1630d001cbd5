package io.ballast.status;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** The single arm_state row: whether HA is disarmed, and how resources are treated meanwhile. */
@Entity
@Table(name = "arm_state")
public class ArmStateEntity {

    @Id
    private short id = 1;

    private boolean disarmed;

    @Column(name = "resource_mode")
    private String resourceMode;

    @Column(name = "changed_at")
    private OffsetDateTime changedAt;

    protected ArmStateEntity() {
    }

    public boolean isDisarmed() {
        return disarmed;
    }

    public String getResourceMode() {
        return resourceMode;
    }

    void disarm(String mode) {
        disarmed = true;
        resourceMode = mode;
        changedAt = OffsetDateTime.now();
    }

    void arm() {
        disarmed = false;
        resourceMode = null;
        changedAt = OffsetDateTime.now();
    }
}
