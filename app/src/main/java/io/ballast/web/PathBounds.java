package io.ballast.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Path variables (sids, node names, rule ids) and query parameters: at most 256 characters, no control
 * characters. Tomcat refuses %00 itself; this covers the other control characters before any lookup.
 */
class PathBounds implements HandlerInterceptor {

    static final int MAX_LENGTH = 256;

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        List<FieldError> errors = new ArrayList<>();
        if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> vars) {
            vars.forEach((k, v) -> check(errors, String.valueOf(k), String.valueOf(v)));
        }
        request.getParameterMap().forEach((k, values) -> {
            if (Inputs.hasControl(k, false) || k.length() > MAX_LENGTH) {
                errors.add(new FieldError(Inputs.shown(k), "parameter name must be short text without control characters"));
            } else {
                for (String v : values) {
                    check(errors, k, v);
                }
            }
        });
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return true;
    }

    private static void check(List<FieldError> errors, String field, String value) {
        if (value.length() > MAX_LENGTH) {
            errors.add(new FieldError(field, "longer than " + MAX_LENGTH + " characters"));
        } else if (Inputs.hasControl(value, false)) {
            errors.add(new FieldError(field, "must not contain control characters"));
        }
    }
}
