package io.ballast.rulebase;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.ballast.web.ApiResponses;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.ballast.rulebase.RuleBaseService.Attempt;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The active DRL rule base: version (content hash), files, and reload. */
@RestController
@Tag(name = "rule base")
@RequestMapping("/api/v1/rule-base")
class RuleBaseController {

    private final RuleBaseService service;

    RuleBaseController(RuleBaseService service) {
        this.service = service;
    }

    @Operation(operationId = "getRuleBase", summary = "Rule base status",
            description = "Version (content hash), load time, directory, files, rule count and the last reload attempt.")
    @ApiResponse(responseCode = "200", description = "the rule base",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiResponses.RuleBase.class)))
    @GetMapping
    Map<String, Object> status() {
        return view(service.status());
    }

    /** 200 with the (possibly new) status, or 422 problem+json naming file:line while the old rules stay. */
    @Operation(operationId = "reloadRuleBase", summary = "Reload the rule base",
            description = "Recompiles the DRL directory: 200 with the status and changed, or 422 /problems/drl-compilation naming file and line while the previous rule base stays active. One at a time (429).")
    @ApiResponse(responseCode = "200", description = "reloaded (changed says whether the version changed)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiResponses.RuleBase.class)))
    @PostMapping("/reload")
    ResponseEntity<?> reload() {
        Attempt attempt = service.reload();
        if (attempt.ok()) {
            Map<String, Object> body = view(service.status());
            body.put("changed", attempt.changed());
            return ResponseEntity.ok(body);
        }
        String first = attempt.errors().isEmpty() ? "unknown error" : attempt.errors().get(0).toString();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(422),
                "rule base refused, version " + service.active().version() + " stays active: " + first);
        problem.setType(URI.create("/problems/drl-compilation"));
        problem.setProperty("errors", errors(attempt));
        problem.setProperty("active_version", service.active().version());
        return ResponseEntity.status(422).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static Map<String, Object> view(RuleBaseService.Status s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", s.version());
        m.put("loaded_at", s.loadedAt().toString());
        m.put("directory", s.directory());
        m.put("packaged", s.packaged());
        m.put("files", s.files());
        m.put("rule_count", s.ruleCount());
        Attempt a = s.lastAttempt();
        if (a != null) {
            Map<String, Object> last = new LinkedHashMap<>();
            last.put("at", a.at().toString());
            last.put("trigger", a.trigger());
            last.put("ok", a.ok());
            last.put("changed", a.changed());
            last.put("errors", errors(a));
            m.put("last_reload", last);
        } else {
            m.put("last_reload", null);
        }
        return m;
    }

    private static List<Map<String, Object>> errors(Attempt a) {
        return a.errors().stream().map(e -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", e.file());
            m.put("line", e.line());
            m.put("column", e.column());
            m.put("message", e.message());
            return m;
        }).toList();
    }
}
