package io.ballast.security;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.ballast.web.ApiResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.ballast.web.ApiDocs;
import io.ballast.web.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Browser sessions for the web console: a token in a JSON body buys a session cookie (HttpOnly, SameSite=Strict)
 * and a CSRF token that every state-changing request on that session must send in header X-CSRF-TOKEN.
 * {@code GET} tells any caller who it is.
 */
@RestController
@Tag(name = "session")
class SessionController {

    private final TokenService tokens;
    private final SecurityContextRepository contexts;
    private final CsrfTokenRepository csrfTokens;

    SessionController(TokenService tokens, SecurityContextRepository contexts, CsrfTokenRepository csrfTokens) {
        this.tokens = tokens;
        this.contexts = contexts;
        this.csrfTokens = csrfTokens;
    }

    /** JSON only: a foreign page's form (form-encoded or text/plain) cannot log a browser in. */
    @Operation(operationId = "login", summary = "Sign in (browser session)",
            description = "Trades a token for a session cookie and a CSRF token that every state-changing request on the session sends in X-CSRF-TOKEN. JSON only; 401 for an invalid token.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, description = "the token",
                    content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiDocs.LoginBody.class),
                            examples = @ExampleObject(name = "example", value = ApiDocs.LOGIN_EXAMPLE))))
    @ApiResponse(responseCode = "200", description = "signed in; sets the session cookie",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiResponses.Session.class)))
    @PostMapping(value = "/api/v1/session", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> login(@RequestBody Map<String, Object> body, HttpServletRequest request,
                              HttpServletResponse response) {
        if (!(body.get("token") instanceof String presented) || body.size() != 1) {
            throw ApiException.invalid("token", "required, and the only property");
        }
        ApiToken token = tokens.authenticate(presented).orElseThrow(() -> new ApiException(HttpStatus.UNAUTHORIZED,
                "/problems/unauthorized", "the token is invalid or revoked", List.of()));
        HttpSession old = request.getSession(false);
        if (old != null) {
            old.invalidate();   // a new session id at each login: no fixation
        }
        request.getSession(true);
        SecurityContext context = SecurityContextHolder.getContextHolderStrategy().createEmptyContext();
        context.setAuthentication(new TokenAuthentication(token));
        SecurityContextHolder.getContextHolderStrategy().setContext(context);
        contexts.saveContext(context, request, response);
        CsrfToken csrf = csrfTokens.generateToken(request);
        csrfTokens.saveToken(csrf, request, response);
        return describe(token, csrf);
    }

    @Operation(operationId = "getSession", summary = "Who am I",
            description = "The caller's token name and role, and the session's CSRF token when signed in by cookie.")
    @ApiResponse(responseCode = "200", description = "the caller",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiResponses.Session.class)))
    @GetMapping("/api/v1/session")
    Map<String, Object> whoAmI(Authentication authentication, HttpServletRequest request) {
        ApiToken token = ((TokenAuthentication) authentication).token();
        CsrfToken csrf = request.getSession(false) == null ? null : csrfTokens.loadToken(request);
        return describe(token, csrf);
    }

    @Operation(operationId = "logout", summary = "Sign out",
            description = "Ends the browser session (with the CSRF header).")
    @ApiResponse(responseCode = "204", description = "signed out")
    @DeleteMapping("/api/v1/session")
    ResponseEntity<Void> logout(HttpServletRequest request) {
        Optional.ofNullable(request.getSession(false)).ifPresent(HttpSession::invalidate);
        SecurityContextHolder.getContextHolderStrategy().clearContext();
        return ResponseEntity.noContent().build();
    }

    private static Map<String, Object> describe(ApiToken token, CsrfToken csrf) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", token.name());
        m.put("role", token.role().id());
        m.put("csrf_header", csrf == null ? null : csrf.getHeaderName());
        m.put("csrf_token", csrf == null ? null : csrf.getToken());
        return m;
    }
}
