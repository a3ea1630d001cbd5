package io.ballast.security;

import java.util.Arrays;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** An authenticated request: the token's name is the principal (and the audit actor), its role the authority. */
public final class TokenAuthentication extends AbstractAuthenticationToken {

    private final ApiToken token;

    public TokenAuthentication(ApiToken token) {
        // the role and those it includes, so Spring's own checks (hasRole) agree with Role.includes
        super(Arrays.stream(Role.values()).filter(token.role()::includes)
                .map(r -> new SimpleGrantedAuthority("ROLE_" + r.name())).toList());
        this.token = token;
        setAuthenticated(true);
    }

    public ApiToken token() {
        return token;
    }

    @Override
    public Object getCredentials() {
        return "";   // the secret is never kept after the check
    }

    @Override
    public Object getPrincipal() {
        return token.name();
    }

    @Override
    public String getName() {
        return token.name();
    }
}
