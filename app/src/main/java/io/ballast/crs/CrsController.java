package io.ballast.crs;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.ballast.web.ApiResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.ballast.web.ApiDocs;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Cluster resource scheduling settings (datacenter.cfg crs + ha), Proxmox hyphenated names. */
@RestController
@Tag(name = "crs")
@RequestMapping("/api/v1/crs")
class CrsController {

    private final CrsService crs;

    CrsController(CrsService crs) {
        this.crs = crs;
    }

    @Operation(operationId = "getCrs", summary = "Get the CRS settings",
            description = "Scheduling mode (basic, static, dynamic), automatic rebalancing and its threshold, method, hold and margin, shutdown policy, max workers.")
    @ApiResponse(responseCode = "200", description = "the settings",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiDocs.CrsBody.class)))
    @GetMapping
    Map<String, Object> get() {
        return crs.get();
    }

    @Operation(operationId = "putCrs", summary = "Update the CRS settings",
            description = "Partial update: only the given keys change; every bad key is named in the 400. Answers the settings after the change. Audited.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, description = "the settings to change",
                    content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiDocs.CrsBody.class),
                            examples = @ExampleObject(name = "example", value = ApiDocs.CRS_EXAMPLE))))
    @ApiResponse(responseCode = "200", description = "the settings after the change",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiDocs.CrsBody.class)))
    @PutMapping
    Map<String, Object> put(@RequestBody Map<String, Object> body) {
        return crs.put(body);
    }
}
