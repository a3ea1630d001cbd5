package io.ballast.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;

/**
 * Writes a problem+json answer straight to the servlet response, for the places that run outside Spring MVC's
 * exception handling (filters, the error page, Tomcat's error report). Never echoes the request's input.
 */
public final class ProblemWriter {

    private ProblemWriter() {
    }

    /** The problem type of an HTTP status that has no more specific one. */
    public static String typeOf(int status) {
        return switch (status) {
            case 400 -> "/problems/bad-request";
            case 401 -> "/problems/unauthorized";
            case 403 -> "/problems/forbidden";
            case 404 -> "/problems/not-found";
            case 405 -> "/problems/method-not-allowed";
            case 406, 415 -> "/problems/unsupported-media-type";
            case 413 -> "/problems/body-too-large";
            case 429 -> "/problems/busy";
            default -> status >= 500 ? "/problems/internal" : "/problems/http-error";
        };
    }

    public static String title(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known == null ? "Error" : known.getReasonPhrase();
    }

    public static void write(HttpServletResponse response, int status, String type, String detail) throws IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        byte[] body = json(status, type, detail).getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }

    public static String json(int status, String type, String detail) {
        return "{\"type\":" + quote(type) + ",\"title\":" + quote(title(status)) + ",\"status\":" + status
                + ",\"detail\":" + quote(detail) + "}";
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.append('"').toString();
    }
}
