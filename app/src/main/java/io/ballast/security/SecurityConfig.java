package io.ballast.security;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.security.web.savedrequest.NullRequestCache;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may call what ({@link EndpointRoles}), how a request proves it (a bearer token, or a session cookie from
 * {@code POST /api/v1/session}), and CSRF for the cookie case. Bearer requests are stateless and need no CSRF
 * token: a foreign page cannot set an Authorization header. Cookie requests that change state must send the
 * session's CSRF token in a header, which a foreign page can neither read nor set.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    @Bean
    SecurityFilterChain api(HttpSecurity http, TokenService tokens, CsrfTokenRepository csrfTokens,
                            SecurityContextRepository contexts) throws Exception {
        AuthProblems problems = new AuthProblems();
        // with a name set the handler does not resolve the token per request, which would open a session for every
        // bearer request; the token is made at login (SessionController)
        CsrfTokenRequestAttributeHandler csrfHandler = new CsrfTokenRequestAttributeHandler();
        csrfHandler.setCsrfRequestAttributeName("_csrf");
        // cookie-authenticated state changes only; the login itself has no session yet and takes JSON only
        RequestMatcher csrfNeeded = request -> !SAFE.contains(request.getMethod())
                && request.getHeader("Authorization") == null
                && request.getSession(false) != null
                && !isLogin(request);
        http.authorizeHttpRequests(a -> a
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .anyRequest().access(new EndpointAuthorization()))
                .addFilterBefore(new BearerTokenFilter(tokens), CsrfFilter.class)
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .csrf(c -> c.csrfTokenRepository(csrfTokens)
                        .csrfTokenRequestHandler(csrfHandler)
                        .requireCsrfProtectionMatcher(csrfNeeded))
                .securityContext(s -> s.securityContextRepository(contexts))
                // its filter would store a bearer request's authentication in a new session; the login
                // (SessionController) is the only place a session starts, with a fresh id
                .sessionManagement(s -> s.disable())
                .requestCache(r -> r.requestCache(new NullRequestCache()))
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .anonymous(a -> { });
        return http.build();
    }

    private static boolean isLogin(HttpServletRequest request) {
        return "POST".equals(request.getMethod()) && "/api/v1/session".equals(EndpointAuthorization.pathOf(request));
    }

    @Bean
    CsrfTokenRepository csrfTokenRepository() {
        return new HttpSessionCsrfTokenRepository();   // header X-CSRF-TOKEN
    }

    @Bean
    SecurityContextRepository securityContextRepository() {
        return new HttpSessionSecurityContextRepository();
    }

    /** No user/password store: without this bean Boot would create one and log a generated password. */
    @Bean
    UserDetailsService noUsers() {
        return new InMemoryUserDetailsManager();
    }
}
