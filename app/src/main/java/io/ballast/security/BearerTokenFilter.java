package io.ballast.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code Authorization: Bearer blst_...}: checks the token and authenticates this request only (nothing is kept
 * in a session). A request that sends the header with a bad or revoked token is answered 401 at once, whatever
 * else it carries: it must not fall back to a session cookie.
 */
final class BearerTokenFilter extends OncePerRequestFilter {

    private final TokenService tokens;

    BearerTokenFilter(TokenService tokens) {
        this.tokens = tokens;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            chain.doFilter(request, response);
            return;
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            AuthProblems.unauthorized(response, "only bearer tokens are accepted: " + AuthProblems.HOW);
            return;
        }
        Optional<ApiToken> token = tokens.authenticate(header.substring(7).strip());
        if (token.isEmpty()) {
            AuthProblems.unauthorized(response, "the token is invalid or revoked");
            return;
        }
        SecurityContext context = SecurityContextHolder.getContextHolderStrategy().createEmptyContext();
        context.setAuthentication(new TokenAuthentication(token.get()));
        SecurityContextHolder.getContextHolderStrategy().setContext(context);
        chain.doFilter(request, response);
    }
}
