package io.ballast.security;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.ballast.web.ApiResponses;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.ballast.web.ApiDocs;
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
@Tag(name = "tokens")
@RequestMapping("/api/v1/tokens")
class TokenController {

    private final TokenService tokens;

    TokenController(TokenService tokens) {
        this.tokens = tokens;
    }

    @Operation(operationId = "listTokens", summary = "List API tokens",
            description = "Name, role, id, creation time and creator; never a secret.")
    @ApiResponse(responseCode = "200", description = "sorted by name",
            content = @Content(mediaType = "application/json", array = @ArraySchema(schema = @Schema(implementation = ApiResponses.Token.class))))
    @GetMapping
    List<Map<String, Object>> list() {
        return tokens.list().stream().map(TokenService::describe).toList();
    }

    @Operation(operationId = "createToken", summary = "Create an API token",
            description = "201 with the token (blst_<id>_<secret>), shown this once. 409 if the name exists. Audited.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, description = "name and role",
                    content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiDocs.TokenBody.class),
                            examples = @ExampleObject(name = "example", value = ApiDocs.TOKEN_EXAMPLE))))
    @ApiResponse(responseCode = "201", description = "created; token is shown this once",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiResponses.Token.class)))
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

    @Operation(operationId = "revokeToken", summary = "Revoke an API token",
            description = "204; the token stops working at once. 404 if unknown. Audited.")
    @ApiResponse(responseCode = "204", description = "revoked")
    @DeleteMapping("/{name}")
    ResponseEntity<Void> revoke(@PathVariable String name) {
        tokens.revoke(name);
        return ResponseEntity.noContent().build();
    }
}
