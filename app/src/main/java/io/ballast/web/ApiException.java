package io.ballast.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/** A rejection reported to the client as RFC 9457 problem+json. */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String type;
    private final List<FieldError> errors;
    private final Map<String, Object> properties;
    /** Seconds for a Retry-After header, or null when retrying would not help. */
    private Long retryAfterSeconds;

    public ApiException(HttpStatus status, String type, String detail, List<FieldError> errors) {
        this(status, type, detail, errors, Map.of());
    }

    /** With extra members of the problem object ({@code properties}: name to a JSON value, null values kept). */
    public ApiException(HttpStatus status, String type, String detail, List<FieldError> errors,
                        Map<String, Object> properties) {
        super(detail);
        this.status = status;
        this.type = type;
        this.errors = List.copyOf(errors);
        this.properties = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /**
     * 503 {@code /problems/not-leader}: this instance is a standby and the request needs the active manager.
     * Names the leader (null while none holds the lease) so a client or proxy can go there.
     */
    public static ApiException notLeader(String self, String leader, long term) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("leader", leader);
        p.put("term", term);
        p.put("self", self);
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "/problems/not-leader", "instance " + self
                + " is a standby; " + (leader == null ? "no instance holds the manager lease right now, retry shortly"
                : "the active manager is instance " + leader + " (term " + term + "): send the request there"),
                List.of(), p);
    }

    /**
     * 503 {@code /problems/timeout}: a bounded request ran out of its time and was stopped; nothing was changed,
     * and a retry may fit once the service is less loaded.
     */
    public static ApiException timeout(String detail, long retryAfterSeconds) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "/problems/timeout", detail, List.of())
                .retryAfter(retryAfterSeconds);
    }

    /** Asks the client to come back after {@code seconds} (the Retry-After header of the answer). */
    public ApiException retryAfter(long seconds) {
        this.retryAfterSeconds = seconds;
        return this;
    }

    public Long retryAfterSeconds() {
        return retryAfterSeconds;
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

    public Map<String, Object> properties() {
        return properties;
    }
}
