package io.ballast.security;

import io.ballast.web.ApiException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Admins create, list and revoke API tokens. The secret is shown once, in the answer to the create. */
@RestController
@RequestMapping("/api/v1/tokens")
class TokenController {

    private final TokenService tokens;

    TokenController(TokenService tokens) {
        this.tokens = tokens;
    }

    @GetMapping
    List<Map<String, Object>> list() {
        return tokens.list().stream().map(TokenService::describe).toList();
    }

    @PostMapping
    ResponseEntity<Map<String, Object>> create(@RequestBody Map<String, Object> body) {
        body.keySet().stream().filter(k -> !k.equals("name") && !k.equals("role")).sorted().findFirst()
                .ifPresent(k -> {
                    throw ApiException.invalid(k, "unknown property");
                });
        if (!(body.get("name") instanceof String name)) {
            throw ApiException.invalid("name", "required, a string");
        }
        Role role;
        try {
            role = Role.of(body.get("role") instanceof String r ? r : null);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("role", e.getMessage());
        }
        TokenService.Issued issued = tokens.create(name, role);
        Map<String, Object> answer = new LinkedHashMap<>(TokenService.describe(issued.info()));
        answer.put("token", issued.token());
        return ResponseEntity.status(HttpStatus.CREATED).body(answer);
    }

    @DeleteMapping("/{name}")
    ResponseEntity<Void> revoke(@PathVariable String name) {
        tokens.revoke(name);
        return ResponseEntity.noContent().build();
    }
}
