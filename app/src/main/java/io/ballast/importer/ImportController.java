package io.ballast.importer;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.ballast.web.ApiResponses;
import io.ballast.crs.Admission;
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
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/import}: a Proxmox HA setup as the texts of its files (see docs/api.md). */
@RestController
@Tag(name = "import")
@RequestMapping("/api/v1/import")
class ImportController {

    private final ImportService imports;
    private final Admission admission;

    ImportController(ImportService imports, Admission admission) {
        this.imports = imports;
        this.admission = admission;
    }

    @Operation(operationId = "importSetup", summary = "Import a Proxmox HA setup",
            description = "Creates resources, then rules, then the CRS settings of the crs: line, in one transaction with the same validation as the single endpoints: any refusal stores nothing (400 naming item and field). dry_run validates and rolls back. Existing items are skipped.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, description = "the files' texts",
                    content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiDocs.ImportBody.class),
                            examples = @ExampleObject(name = "example", value = ApiDocs.IMPORT_EXAMPLE))))
    @ApiResponse(responseCode = "200", description = "imported (or, dry run, what would be)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiResponses.ImportResult.class)))
    @PostMapping
    Map<String, Object> importSetup(@RequestBody Map<String, Object> body) {
        for (String key : body.keySet()) {
            if (!java.util.Set.of("resources_cfg", "rules_cfg", "datacenter_cfg", "dry_run").contains(key)) {
                throw ApiException.invalid(key, "unknown property (expected resources_cfg, rules_cfg, datacenter_cfg, dry_run)");
            }
        }
        Object dry = body.getOrDefault("dry_run", false);
        if (!(dry instanceof Boolean)) {
            throw ApiException.invalid("dry_run", "must be a boolean");
        }
        Admission.Admitted<ImportService.ImportResult> a = admission.admit(() -> imports.run(text(body, "resources_cfg"),
                text(body, "rules_cfg"), text(body, "datacenter_cfg"), (Boolean) dry));
        ImportService.ImportResult r = a.value();
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("dry_run", r.dryRun());
        out.put("created_resources", r.createdResources());
        out.put("created_rules", r.createdRules());
        out.put("crs", r.crs());
        out.put("crs_changes", r.crsChanges());
        out.put("skipped", r.skipped());
        if (!a.warnings().isEmpty()) {
            out.put("warnings", a.warnings());
        }
        return out;
    }

    private static String text(Map<String, Object> body, String key) {
        Object v = body.get(key);
        if (v != null && !(v instanceof String)) {
            throw ApiException.invalid(key, "must be the file's text as a string");
        }
        return (String) v;
    }
}
