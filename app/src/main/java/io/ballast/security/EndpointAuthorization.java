package io.ballast.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.function.Supplier;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/** Grants a request when its token's role includes what {@link EndpointRoles} asks for the endpoint. */
final class EndpointAuthorization implements AuthorizationManager<RequestAuthorizationContext> {

    @Override
    public AuthorizationResult authorize(Supplier<? extends Authentication> authentication, RequestAuthorizationContext context) {
        HttpServletRequest request = context.getRequest();
        EndpointRoles.Need need = EndpointRoles.need(request.getMethod(), pathOf(request));
        if (need.open()) {
            return new AuthorizationDecision(true);
        }
        return new AuthorizationDecision(authentication.get() instanceof TokenAuthentication t
                && t.token().role().includes(need.role()));
    }

    /** The path within the application, still encoded as the client sent it (as Spring MVC matches it). */
    static String pathOf(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        return context != null && !context.isEmpty() && uri.startsWith(context) ? uri.substring(context.length()) : uri;
    }
}
