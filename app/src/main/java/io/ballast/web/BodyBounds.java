package io.ballast.web;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * Checks every JSON request body before a controller sees it: numbers finite (JSON allows 1e400, which reads
 * as Infinity), no control characters in strings or keys (PostgreSQL refuses NUL; the configuration file texts
 * of an import may hold tab and line breaks), and the simulator's usage inputs within a machine's range.
 */
@ControllerAdvice
class BodyBounds extends RequestBodyAdviceAdapter {

    /** Keys whose values are configuration file texts (import). */
    private static final Set<String> FILE_TEXTS = Set.of("resources_cfg", "rules_cfg", "datacenter_cfg");
    /** Upper bounds of {@code POST /api/v1/sim/resources/{sid}/usage}: cores and MiB (4 TiB, Proxmox's guest maximum). */
    private static final Map<String, Double> USAGE_MAX = Map.of("cpu", 1024.0, "maxcpu", 1024.0,
            "mem", 4_194_304.0, "maxmem", 4_194_304.0);
    private static final int MAX_ERRORS = 10;

    @Override
    public boolean supports(MethodParameter parameter, Type targetType, Class<? extends HttpMessageConverter<?>> converter) {
        return true;
    }

    @Override
    public Object afterBodyRead(Object body, HttpInputMessage input, MethodParameter parameter, Type targetType,
                                Class<? extends HttpMessageConverter<?>> converter) {
        String uri = RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes a
                ? a.getRequest().getRequestURI() : null;
        List<FieldError> errors = new ArrayList<>();
        walk(body, "", false, errors);
        if (errors.isEmpty() && uri != null && uri.startsWith("/api/v1/sim/resources/") && uri.endsWith("/usage")
                && body instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                Double max = USAGE_MAX.get(String.valueOf(k));
                if (max != null && v instanceof Number n && (n.doubleValue() < 0 || n.doubleValue() > max)) {
                    errors.add(new FieldError(String.valueOf(k), "must be between 0 and " + max.longValue()
                            + (k.toString().endsWith("cpu") ? " (cores)" : " (MiB)")));
                }
            });
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return body;
    }

    static void walk(Object v, String field, boolean fileText, List<FieldError> errors) {
        if (errors.size() >= MAX_ERRORS) {
            return;
        }
        if (v instanceof String s) {
            if (Inputs.hasControl(s, fileText)) {
                errors.add(new FieldError(name(field), fileText
                        ? "must not contain control characters other than tab and line breaks"
                        : "must not contain control characters"));
            }
        } else if (v instanceof Double d && !Double.isFinite(d) || v instanceof Float f && !Float.isFinite(f)) {
            errors.add(new FieldError(name(field), "must be a finite number"));
        } else if (v instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String key = String.valueOf(e.getKey());
                String child = field.isEmpty() ? key : field + "." + key;
                if (Inputs.hasControl(key, false)) {
                    errors.add(new FieldError(name(child), "property name must not contain control characters"));
                    continue;
                }
                walk(e.getValue(), child, field.isEmpty() && FILE_TEXTS.contains(key), errors);
            }
        } else if (v instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                walk(l.get(i), field + "[" + i + "]", false, errors);
            }
        }
    }

    private static String name(String field) {
        return field.isEmpty() ? "body" : Inputs.shown(field);
    }
}
