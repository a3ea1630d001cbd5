package io.ballast.rule;

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
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** HA rules (node-affinity, resource-affinity), Proxmox names: /api/v1/rules. */
@RestController
@Tag(name = "rules")
@RequestMapping("/api/v1/rules")
class RuleController {

    private final RuleService service;
    private final Admission admission;

    RuleController(RuleService service, Admission admission) {
        this.service = service;
        this.admission = admission;
    }

    @Operation(operationId = "listRules", summary = "List HA rules",
            description = "Every rule with state (enabled, disabled, ignored (conflicts)), errors and lint warnings, sorted by order then id.")
    @ApiResponse(responseCode = "200", description = "the rules",
            content = @Content(mediaType = "application/json", array = @ArraySchema(schema = @Schema(implementation = ApiResponses.Rule.class))))
    @GetMapping
    List<Map<String, Object>> list() {
        return service.list().stream().map(RuleController::view).toList();
    }

    @Operation(operationId = "getRule", summary = "Get one HA rule",
            description = "The rule with its state, errors and warnings; ETag is its digest. 404 if unknown.")
    @ApiResponse(responseCode = "200", description = "the rule",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiResponses.Rule.class)))
    @GetMapping("/{id}")
    ResponseEntity<Map<String, Object>> get(@PathVariable String id) {
        RuleView rule = service.get(id);
        return ResponseEntity.ok().eTag(RuleService.digest(rule.config())).body(view(rule));
    }

    @Operation(operationId = "createRule", summary = "Create an HA rule",
            description = "201 with the stored rule. Validated with the active rule base: a rule the checks would drop, or one that would get another rule dropped, is refused with 400 /problems/rule-conflict and nothing is stored. Audited.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, description = "the rule; node-affinity takes nodes and strict, resource-affinity takes affinity",
                    content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiDocs.RuleBody.class),
                            examples = @ExampleObject(name = "example", value = ApiDocs.RULE_EXAMPLE))))
    @ApiResponse(responseCode = "201", description = "created",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiResponses.Rule.class)))
    @PostMapping
    ResponseEntity<Map<String, Object>> create(@RequestBody Map<String, Object> body) {
        RuleView rule = admitted(admission.admit(() -> service.create(body)));
        return ResponseEntity.created(URI.create("/api/v1/rules/" + rule.config().id()))
                .eTag(RuleService.digest(rule.config())).body(view(rule));
    }

    @Operation(operationId = "putRule", summary = "Update an HA rule",
            description = "Partial update (the type is fixed); delete resets comment, disable, strict; a stale digest or If-Match is 409. Validated as on create. Audited.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, description = "the keys to change",
                    content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiDocs.RuleUpdateBody.class),
                            examples = @ExampleObject(name = "example", value = ApiDocs.RULE_UPDATE_EXAMPLE))))
    @ApiResponse(responseCode = "200", description = "updated",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiResponses.Rule.class)))
    @PutMapping("/{id}")
    ResponseEntity<Map<String, Object>> update(@PathVariable String id, @RequestBody Map<String, Object> body,
                                               @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        RuleView rule = admitted(admission.admit(() -> service.update(id, body, ifMatch)));
        return ResponseEntity.ok().eTag(RuleService.digest(rule.config())).body(view(rule));
    }

    @Operation(operationId = "deleteRule", summary = "Delete an HA rule",
            description = "204; 404 if unknown. Audited.")
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String id) {
        if (!RuleInput.ID.matcher(id).matches()) {
            throw ApiException.invalid("rule", "invalid rule id '" + id + "'");
        }
        service.delete(id);
    }

    /** An admission warning joins the rule's lint warnings under code {@code admission}. */
    private static RuleView admitted(Admission.Admitted<RuleView> a) {
        if (a.warnings().isEmpty()) {
            return a.value();
        }
        Map<String, String> warnings = new java.util.TreeMap<>(a.value().warnings());
        warnings.put("admission", String.join("; ", a.warnings()));
        return new RuleView(a.value().config(), a.value().errors(), warnings, a.value().state());
    }

    static Map<String, Object> view(RuleView rule) {
        Map<String, Object> m = new LinkedHashMap<>(rule.config().toMap());
        m.put("digest", RuleService.digest(rule.config()));
        m.put("state", rule.state());
        m.put("errors", rule.errors());
        m.put("warnings", rule.warnings());
        return m;
    }
}
