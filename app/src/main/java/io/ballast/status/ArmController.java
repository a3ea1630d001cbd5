package io.ballast.status;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.ballast.web.ApiResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.ballast.web.ApiDocs;
import io.ballast.web.ApiException;
import java.util.Map;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Arm/disarm of the whole HA stack, as pve-ha-manager's arm-ha / disarm-ha. */
@RestController
@Tag(name = "status")
class ArmController {

    private final ArmState armState;

    ArmController(ArmState armState) {
        this.armState = armState;
    }

    @Operation(operationId = "disarmHa", summary = "Disarm HA",
            description = "Stops the HA stack from acting, as pve-ha-manager disarm-ha: resources are frozen (default) or ignored. 409 if already disarmed. Audited.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = false, description = "optional; resource-mode freeze (default) or ignore",
                    content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiDocs.DisarmBody.class),
                            examples = @ExampleObject(name = "example", value = ApiDocs.DISARM_EXAMPLE))))
    @ApiResponse(responseCode = "200", description = "disarmed",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiResponses.ArmChange.class)))
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

    @Operation(operationId = "armHa", summary = "Arm HA",
            description = "Re-arms the HA stack after disarm-ha. 409 if not disarmed. Audited.")
    @ApiResponse(responseCode = "200", description = "armed",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiResponses.ArmChange.class)))
    @PostMapping("/api/v1/status/arm-ha")
    public Map<String, Object> arm() {
        return armState.arm();
    }
}
