package io.ballast.importer;

import io.ballast.crs.Admission;

import io.ballast.web.ApiException;
import java.util.Map;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/import}: a Proxmox HA setup as the texts of its files (see docs/api.md). */
@RestController
@RequestMapping("/api/v1/import")
class ImportController {

    private final ImportService imports;
    private final Admission admission;

    ImportController(ImportService imports, Admission admission) {
        this.imports = imports;
        this.admission = admission;
    }

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
