package io.ballast.web;

import java.util.List;
import org.springframework.http.HttpStatus;

/** A rejection reported to the client as RFC 9457 problem+json. */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String type;
    private final List<FieldError> errors;

    public ApiException(HttpStatus status, String type, String detail, List<FieldError> errors) {
        super(detail);
        this.status = status;
        this.type = type;
        this.errors = List.copyOf(errors);
    }

    public static ApiException invalid(String field, String reason) {
        return invalid(List.of(new FieldError(field, reason)));
    }

    public static ApiException invalid(List<FieldError> errors) {
        String detail = errors.stream().map(e -> e.field() + ": " + e.reason()).reduce((a, b) -> a + "; " + b).orElse("");
        return new ApiException(HttpStatus.BAD_REQUEST, "/problems/invalid-field", detail, errors);
    }

    public static ApiException notFound(String what, String id) {
        return new ApiException(HttpStatus.NOT_FOUND, "/problems/not-found", what + " '" + id + "' does not exist", List.of());
    }

    public static ApiException conflict(String type, String detail, String field) {
        return new ApiException(HttpStatus.CONFLICT, type, detail,
                field == null ? List.of() : List.of(new FieldError(field, detail)));
    }

    public HttpStatus status() {
        return status;
    }

    public String type() {
        return type;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
