package io.ballast.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hibernate.exception.ConstraintViolationException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.TransactionSystemException;

/** Database refusals caused by a concurrent write reach the client as 409 problem+json naming the API field. */
class DatabaseConflictTest {

    private final ProblemHandler handler = new ProblemHandler();

    /** A PostgreSQL error as the driver builds it from the server's fields (S severity, C code, n constraint, D detail). */
    private static PSQLException postgres(String sqlState, String constraint, String detail) {
        return new PSQLException(new ServerErrorMessage("SERROR\0C" + sqlState + "\0Mrefused\0"
                + (constraint == null ? "" : "n" + constraint + "\0") + (detail == null ? "" : "D" + detail + "\0")));
    }

    private static DataIntegrityViolationException translated(PSQLException e) {
        return new DataIntegrityViolationException("could not execute statement",
                new ConstraintViolationException("could not execute statement", e, "sql", null));
    }

    @Test
    void uniqueAndForeignKeyViolationsNameTheApiField() {
        assertConflict(handler.conflict(translated(postgres("23505", "ha_resource_vmid_key", "Key (vmid)=(701) already exists."))),
                "/problems/conflict", "sid", "VMID");
        assertConflict(handler.conflict(translated(postgres("23505", "ha_rule_pkey", null))), "/problems/conflict", "rule", "already exists");
        assertConflict(handler.conflict(translated(postgres("23503", "ha_rule_resource_sid_fkey",
                "Key (sid)=(vm:9) is not present in table \"ha_resource\"."))), "/problems/conflict", "resources", "does not exist");
        // a constraint without a mapping still names the column
        assertConflict(handler.conflict(translated(postgres("23505", "some_new_key", "Key (actor)=(x) already exists."))),
                "/problems/conflict", "actor", "some_new_key");
    }

    @Test
    void concurrencyFailuresAndWrappedViolationsAre409Too() {
        assertConflict(handler.conflict(new CannotAcquireLockException("deadlock", postgres("40P01", null, null))),
                "/problems/concurrent-write", null, null);
        // a violation found at commit arrives wrapped; the generic handler must not turn it into a 500
        assertConflict(handler.unexpected(new TransactionSystemException("commit failed", postgres("23505", "ha_resource_pkey", null))),
                "/problems/conflict", "sid", "already exists");
        assertThat(handler.unexpected(new IllegalStateException("bug")).getStatusCode().value()).isEqualTo(500);
    }

    private static void assertConflict(ResponseEntity<ProblemDetail> response, String type, String field, String reason) {
        assertThat(response.getStatusCode().value()).isEqualTo(409);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        ProblemDetail body = response.getBody();
        assertThat(body.getType()).hasToString(type);
        List<?> errors = body.getProperties() == null ? null : (List<?>) body.getProperties().get("errors");
        if (field == null) {
            assertThat(errors).isNull();
            return;
        }
        assertThat(errors).singleElement().isInstanceOfSatisfying(FieldError.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.reason()).contains(reason);
        });
    }
}
