package io.ballast.status;

import io.ballast.audit.AuditLog;
import io.ballast.web.ApiException;
import java.util.HashMap;
import java.util.Map;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Arm/disarm of the whole HA stack, as pve-ha-manager's arm-ha / disarm-ha. */
@RestController
class ArmController {

    private final AuditLog audit;
    private final ArmState armState;

    ArmController(AuditLog audit, ArmState armState) {
        this.audit = audit;
        this.armState = armState;
    }

    @PostMapping("/api/v1/status/disarm-ha")
    @Transactional
    public Map<String, Object> disarm(@RequestBody(required = false) Map<String, Object> body) {
        Object mode = body == null ? "freeze" : body.getOrDefault("resource-mode", "freeze");
        if (body != null && body.keySet().stream().anyMatch(k -> !k.equals("resource-mode"))) {
            String bad = body.keySet().stream().filter(k -> !k.equals("resource-mode")).sorted().findFirst().orElseThrow();
            throw ApiException.invalid(bad, "unknown property");
        }
        if (!"freeze".equals(mode) && !"ignore".equals(mode)) {
            throw ApiException.invalid("resource-mode", "must be freeze or ignore, got '" + mode + "'");
        }
        ArmStateEntity row = armState.lockRow();
        if (row.isDisarmed()) {
            throw ApiException.conflict("/problems/already-disarmed", "HA is already disarmed", null);
        }
        row.disarm((String) mode);
        Map<String, Object> after = new HashMap<>(Map.of("disarmed", true, "resource-mode", mode));
        audit.config("arm", "ha", "disarm", Map.of("disarmed", false), after);
        return after;
    }

    @PostMapping("/api/v1/status/arm-ha")
    @Transactional
    public Map<String, Object> arm() {
        ArmStateEntity row = armState.lockRow();
        if (!row.isDisarmed()) {
            throw ApiException.conflict("/problems/not-disarmed", "HA is not disarmed", null);
        }
        row.arm();
        audit.config("arm", "ha", "arm", Map.of("disarmed", true), Map.of("disarmed", false));
        return Map.of("disarmed", false);
    }
}
