package io.ballast.status;

import io.ballast.web.ApiException;
import java.util.Map;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Arm/disarm of the whole HA stack, as pve-ha-manager's arm-ha / disarm-ha. */
@RestController
class ArmController {

    private final ArmState armState;

    ArmController(ArmState armState) {
        this.armState = armState;
    }

    @PostMapping("/api/v1/status/disarm-ha")
    public Map<String, Object> disarm(@RequestBody(required = false) Map<String, Object> body) {
        Object mode = body == null ? "freeze" : body.getOrDefault("resource-mode", "freeze");
        if (body != null && body.keySet().stream().anyMatch(k -> !k.equals("resource-mode"))) {
            String bad = body.keySet().stream().filter(k -> !k.equals("resource-mode")).sorted().findFirst().orElseThrow();
            throw ApiException.invalid(bad, "unknown property");
        }
        if (!"freeze".equals(mode) && !"ignore".equals(mode)) {
            throw ApiException.invalid("resource-mode", "must be freeze or ignore, got '" + mode + "'");
        }
        return armState.disarm((String) mode);
    }

    @PostMapping("/api/v1/status/arm-ha")
    public Map<String, Object> arm() {
        return armState.arm();
    }
}
