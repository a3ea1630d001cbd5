package io.ballast.resource;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.ballast.web.ApiResponses;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.ballast.crs.Admission;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.ballast.web.ApiDocs;
import io.ballast.web.ApiException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** HA resources, Proxmox names: /api/v1/resources. */
@RestController
@Tag(name = "resources")
@RequestMapping("/api/v1/resources")
class ResourceController {

    private final ResourceService service;
    private final Admission admission;

    ResourceController(ResourceService service, Admission admission) {
        this.service = service;
        this.admission = admission;
    }

    @Operation(operationId = "listResources", summary = "List HA resources",
            description = "Every configured HA resource with its digest, sorted by type and VMID.")
    @ApiResponse(responseCode = "200", description = "the resources",
            content = @Content(mediaType = "application/json", array = @ArraySchema(schema = @Schema(implementation = ApiResponses.Resource.class))))
    @GetMapping
    List<Map<String, Object>> list() {
        return service.list().stream().map(ResourceController::view).toList();
    }

    @Operation(operationId = "getResource", summary = "Get one HA resource",
            description = "The resource configuration; the ETag header is its digest (send it back as If-Match to update safely). 404 if unknown.")
    @ApiResponse(responseCode = "200", description = "the resource",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiResponses.Resource.class)))
    @GetMapping("/{sid}")
    ResponseEntity<Map<String, Object>> get(@PathVariable String sid) {
        ResourceConfig config = service.get(ResourceInput.sid(sid, null));
        return ResponseEntity.ok().eTag(ResourceService.digest(config)).body(view(config));
    }

    @Operation(operationId = "createResource", summary = "Create an HA resource",
            description = "201 with the stored resource. 400 names every bad field; 409 /problems/duplicate if the VMID exists (as vm or ct). Audited.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, description = "the resource; sid required, other keys default as in Proxmox",
                    content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiDocs.ResourceBody.class),
                            examples = @ExampleObject(name = "example", value = ApiDocs.RESOURCE_EXAMPLE))))
    @ApiResponse(responseCode = "201", description = "created",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiResponses.Resource.class)))
    @PostMapping
    ResponseEntity<Map<String, Object>> create(@RequestBody Map<String, Object> body) {
        Admission.Admitted<ResourceConfig> a = admission.admit(() -> service.create(body));
        ResourceConfig config = a.value();
        return ResponseEntity.created(URI.create("/api/v1/resources/" + config.sid()))
                .eTag(ResourceService.digest(config)).body(view(config, a.warnings()));
    }

    @Operation(operationId = "putResource", summary = "Update an HA resource",
            description = "Partial update: only the given keys change; delete resets keys to defaults. A stale digest or If-Match is 409 and changes nothing. A resource in error accepts only state disabled. Audited.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, description = "the keys to change",
                    content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiDocs.ResourceUpdateBody.class),
                            examples = @ExampleObject(name = "example", value = ApiDocs.RESOURCE_UPDATE_EXAMPLE))))
    @ApiResponse(responseCode = "200", description = "updated",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiResponses.Resource.class)))
    @PutMapping("/{sid}")
    ResponseEntity<Map<String, Object>> update(@PathVariable String sid, @RequestBody Map<String, Object> body,
                                               @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        if (body.containsKey("sid") || body.containsKey("type")) {
            throw ApiException.invalid(body.containsKey("sid") ? "sid" : "type", "cannot be changed");
        }
        Admission.Admitted<ResourceConfig> a = admission.admit(() -> service.update(ResourceInput.sid(sid, null), body, ifMatch));
        ResourceConfig config = a.value();
        return ResponseEntity.ok().eTag(ResourceService.digest(config)).body(view(config, a.warnings()));
    }

    @Operation(operationId = "deleteResource", summary = "Delete an HA resource",
            description = "204. purge=1 (default) also removes the resource from rules and drops rules left empty; purge=0 refuses with 409 while rules use it. Audited.")
    @DeleteMapping("/{sid}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String sid, @RequestParam(defaultValue = "true") String purge) {
        boolean doPurge = switch (purge) {
            case "1", "true" -> true;
            case "0", "false" -> false;
            default -> throw ApiException.invalid("purge", "must be 0/1 or true/false");
        };
        service.delete(ResourceInput.sid(sid, null), doPurge);
    }

    private static Map<String, Object> view(ResourceConfig config) {
        return view(config, List.of());
    }

    /** {@code warnings} (admission, crs setting {@code admission = warn}) only when there are any. */
    private static Map<String, Object> view(ResourceConfig config, List<String> warnings) {
        Map<String, Object> m = new LinkedHashMap<>(config.toMap());
        m.put("digest", ResourceService.digest(config));
        if (!warnings.isEmpty()) {
            m.put("warnings", warnings);
        }
        return m;
    }
}
