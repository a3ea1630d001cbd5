package io.ballast.rule;

import io.ballast.crs.Admission;

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
@RequestMapping("/api/v1/rules")
class RuleController {

    private final RuleService service;
    private final Admission admission;

    RuleController(RuleService service, Admission admission) {
        this.service = service;
        this.admission = admission;
    }

    @GetMapping
    List<Map<String, Object>> list() {
        return service.list().stream().map(RuleController::view).toList();
    }

    @GetMapping("/{id}")
    ResponseEntity<Map<String, Object>> get(@PathVariable String id) {
        RuleView rule = service.get(id);
        return ResponseEntity.ok().eTag(RuleService.digest(rule.config())).body(view(rule));
    }

    @PostMapping
    ResponseEntity<Map<String, Object>> create(@RequestBody Map<String, Object> body) {
        RuleView rule = admitted(admission.admit(() -> service.create(body)));
        return ResponseEntity.created(URI.create("/api/v1/rules/" + rule.config().id()))
                .eTag(RuleService.digest(rule.config())).body(view(rule));
    }

    @PutMapping("/{id}")
    ResponseEntity<Map<String, Object>> update(@PathVariable String id, @RequestBody Map<String, Object> body,
                                               @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        RuleView rule = admitted(admission.admit(() -> service.update(id, body, ifMatch)));
        return ResponseEntity.ok().eTag(RuleService.digest(rule.config())).body(view(rule));
    }

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
