package io.ballast.status;

import io.ballast.audit.AuditLog;
import io.ballast.web.ApiException;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Arm/disarm of the whole HA stack. The row is read under a lock so that arm/disarm and maintenance requests
 * serialise.
 */
@Component
public class ArmState {

    private final ArmStateRepository arm;
    private final AuditLog audit;
    private final java.time.Clock clock;

    public ArmState(ArmStateRepository arm, AuditLog audit, java.time.Clock clock) {
        this.clock = clock;
        this.arm = arm;
        this.audit = audit;
    }

    /** Whether HA is disarmed; locks the row until the caller's transaction ends. */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean lockAndReadDisarmed() {
        return arm.currentForUpdate().isDisarmed();
    }

    /** armed and resource-mode, as GET /status shows them. */
    @Transactional(readOnly = true)
    public Map<String, Object> view() {
        ArmStateEntity a = arm.current();
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("armed", !a.isDisarmed());
        out.put("resource-mode", a.getResourceMode());
        return out;
    }

    @Transactional
    public Map<String, Object> disarm(String mode) {
        ArmStateEntity a = arm.currentForUpdate();
        if (a.isDisarmed()) {
            throw ApiException.conflict("/problems/already-disarmed", "HA is already disarmed", null);
        }
        a.disarm(mode, clock.instant());
        Map<String, Object> after = new HashMap<>(Map.of("disarmed", true, "resource-mode", mode));
        audit.config("arm", "ha", "disarm", Map.of("disarmed", false), after);
        return after;
    }

    @Transactional
    public Map<String, Object> arm() {
        ArmStateEntity a = arm.currentForUpdate();
        if (!a.isDisarmed()) {
            throw ApiException.conflict("/problems/not-disarmed", "HA is not disarmed", null);
        }
        a.arm(clock.instant());
        audit.config("arm", "ha", "arm", Map.of("disarmed", true), Map.of("disarmed", false));
        return Map.of("disarmed", false);
    }
}
