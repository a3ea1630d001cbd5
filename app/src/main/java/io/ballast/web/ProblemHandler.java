package io.ballast.web;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** Maps every rejection to application/problem+json with a stable type URI and the offending fields. */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemHandler.class);
    private static final int MAX_DETAIL = 2048;
    private static final int MAX_ERRORS = 100;

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> api(ApiException e) {
        ResponseEntity<ProblemDetail> answer = problem(e.status(), e.type(), e.getMessage(), e.errors());
        e.properties().forEach(answer.getBody()::setProperty);
        if (e.retryAfterSeconds() != null) {
            return ResponseEntity.status(answer.getStatusCode()).headers(answer.getHeaders())
                    .header("Retry-After", Long.toString(e.retryAfterSeconds())).body(answer.getBody());
        }
        return answer;
    }

    /** A manager-only write reached a standby (or a deposed manager): the same 503 as the manager-only endpoints. */
    @ExceptionHandler(io.ballast.lease.NotLeaderException.class)
    ResponseEntity<ProblemDetail> notLeader(io.ballast.lease.NotLeaderException e) {
        Map<String, Object> p = new java.util.LinkedHashMap<>();
        p.put("leader", e.leader());
        p.put("term", e.term());
        ResponseEntity<ProblemDetail> answer = problem(HttpStatus.SERVICE_UNAVAILABLE, "/problems/not-leader",
                e.getMessage(), List.of());
        p.forEach(answer.getBody()::setProperty);
        return answer;
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            org.springframework.http.HttpHeaders headers, org.springframework.http.HttpStatusCode status,
            org.springframework.web.context.request.WebRequest request) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BodySizeLimit.TooLarge tooLarge) {
                return cast(problem(HttpStatus.CONTENT_TOO_LARGE, ProblemWriter.typeOf(413), tooLarge.getMessage()
                        + " (ballast.http.max-body-size)", List.of(new FieldError("body", "too large"))));
            }
        }
        Throwable cause = e.getMostSpecificCause();
        if (cause instanceof UnrecognizedPropertyException u) {
            String field = Inputs.shown(u.getPropertyName());
            return cast(problem(HttpStatus.BAD_REQUEST, "/problems/invalid-field", field + ": unknown property",
                    List.of(new FieldError(field, "unknown property"))));
        }
        return cast(problem(HttpStatus.BAD_REQUEST, "/problems/malformed-json", "request body is not valid JSON",
                List.of(new FieldError("body", "malformed JSON"))));
    }

    /** A race the services' checks could not see (a constraint, a deadlock): the client's 409, not our 500. */
    @ExceptionHandler({DataIntegrityViolationException.class, ConcurrencyFailureException.class})
    ResponseEntity<ProblemDetail> conflict(DataAccessException e) {
        return conflict(e, DatabaseConflict.of(e)
                .orElseGet(() -> DatabaseConflict.unexplained(e instanceof ConcurrencyFailureException)));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        // the same failures can arrive wrapped (e.g. at commit)
        var conflict = DatabaseConflict.of(e);
        if (conflict.isPresent()) {
            return conflict(e, conflict.get());
        }
        LOG.error("unexpected error", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "/problems/internal", "internal error, see the service log", List.of());
    }

    private static ResponseEntity<ProblemDetail> conflict(Exception e, DatabaseConflict c) {
        LOG.info("write refused by the database: {}", e.getMessage());
        return problem(HttpStatus.CONFLICT, c.type(), c.detail(), c.error() == null ? List.of() : List.of(c.error()));
    }

    /** Spring MVC's own rejections (405, 415, a path that maps nowhere, ...): a problem type, a bounded detail. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body,
            org.springframework.http.HttpHeaders headers, org.springframework.http.HttpStatusCode status,
            org.springframework.web.context.request.WebRequest request) {
        ResponseEntity<Object> answer = super.handleExceptionInternal(e, body, headers, status, request);
        if (answer != null && answer.getBody() instanceof ProblemDetail p) {
            if (p.getType() == null || "about:blank".equals(p.getType().toString())) {
                p.setType(URI.create(ProblemWriter.typeOf(status.value())));
            }
            if (p.getDetail() != null && p.getDetail().length() > MAX_DETAIL) {
                p.setDetail(p.getDetail().substring(0, MAX_DETAIL) + "...");
            }
        }
        return answer;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ResponseEntity<Object> cast(ResponseEntity<ProblemDetail> r) {
        return (ResponseEntity) r;
    }

    static ResponseEntity<ProblemDetail> problem(HttpStatus status, String type, String detail, List<FieldError> errors) {
        // messages quote client values; a bounded answer whatever a message builds from them
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status,
                detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) + "..." : detail);
        body.setType(URI.create(type));
        if (!errors.isEmpty()) {
            body.setProperty("errors", errors.stream().limit(MAX_ERRORS)
                    .map(f -> new FieldError(bounded(f.field(), 128), bounded(f.reason(), 512))).toList());
        }
        return ResponseEntity.status(status).contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }

    private static String bounded(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max) + "...";
    }
}
