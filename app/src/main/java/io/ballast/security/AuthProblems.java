package io.ballast.security;

import io.ballast.web.ProblemWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.csrf.CsrfException;

/** 401 and 403 as problem+json, like every other error of the API. */
final class AuthProblems implements AuthenticationEntryPoint, AccessDeniedHandler {

    static final String HOW = "send 'Authorization: Bearer <token>' (a token from 'ballast token create'"
            + " or the admin token file written on first start)";

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e) throws IOException {
        unauthorized(response, "authentication required: " + HOW);
    }

    static void unauthorized(HttpServletResponse response, String detail) throws IOException {
        response.setHeader("WWW-Authenticate", "Bearer realm=\"ballast\"");
        ProblemWriter.write(response, 401, ProblemWriter.typeOf(401), detail);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e) throws IOException {
        if (e instanceof CsrfException) {
            ProblemWriter.write(response, 403, "/problems/csrf", "a request authenticated by a session cookie must send"
                    + " the session's CSRF token in header X-CSRF-TOKEN (GET /api/v1/session returns it)");
            return;
        }
        EndpointRoles.Need need = EndpointRoles.need(request.getMethod(), EndpointAuthorization.pathOf(request));
        String role = need.role() == null ? "another" : "the " + need.role().id();
        ProblemWriter.write(response, 403, ProblemWriter.typeOf(403), "this request needs " + role + " role or higher");
    }
}
