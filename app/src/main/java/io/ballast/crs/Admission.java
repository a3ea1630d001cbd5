package io.ballast.crs;

import io.ballast.manager.loop.WhatIfService;
import io.ballast.persistence.ConfigWriteLock;
import io.ballast.web.ApiException;
import io.ballast.web.FieldError;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The admission check (CRS setting {@code admission}): a configuration write (a resource, a rule, an import) is
 * refused ({@code strict}, 409 {@code /problems/admission}) or accepted with a warning ({@code warn}) when after
 * it the failure of some node would leave down an HA resource that was recoverable before it. The answer comes
 * from the failure what-ifs of {@code GET /api/v1/headroom}, run inside the write's transaction so they see the
 * write before it commits; only when some failure is not survived are the same what-ifs run on the committed
 * state, to tell what this write broke from what was broken already.
 */
@Component
public class Admission {

    /** A write's result and the admission warnings it got (empty unless {@code warn}). */
    public record Admitted<T>(T value, List<String> warnings) {
    }

    private final CrsSettingsRepository settings;
    private final WhatIfService whatIf;
    private final ConfigWriteLock writeLock;
    private final EntityManager entityManager;
    private final TransactionTemplate writes;
    private final TransactionTemplate committedState;

    Admission(CrsSettingsRepository settings, WhatIfService whatIf, ConfigWriteLock writeLock,
              EntityManager entityManager, PlatformTransactionManager transactions) {
        this.settings = settings;
        this.whatIf = whatIf;
        this.writeLock = writeLock;
        this.entityManager = entityManager;
        this.writes = new TransactionTemplate(transactions);
        this.committedState = new TransactionTemplate(transactions);
        committedState.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        committedState.setReadOnly(true);
    }

    /**
     * Runs {@code write} (a service call that joins this transaction) and checks its effect on N+1.
     *
     * @throws ApiException 409 naming each node whose failure the write makes unsurvivable ({@code strict});
     *                      the transaction rolls back, so nothing of the write is kept
     */
    public <T> Admitted<T> admit(Supplier<T> write) {
        return writes.execute(status -> {
            Admitted<T> admitted = check(write);
            if (status.isRollbackOnly()) {
                status.setRollbackOnly();   // a dry run marked it: roll back quietly, as the write alone would
            }
            return admitted;
        });
    }

    private <T> Admitted<T> check(Supplier<T> write) {
        String level = settings.settings().admission();
        if ("off".equals(level)) {
            return new Admitted<>(write.get(), List.of());
        }
        writeLock.acquire();   // the committed state below is then the state just before this write
        T value = write.get();
        entityManager.flush();
        Map<String, List<String>> after = whatIf.unrecoverable();
        if (after.isEmpty()) {
            return new Admitted<>(value, List.of());
        }
        Map<String, List<String>> before = committedState.execute(s -> whatIf.unrecoverable());
        List<FieldError> broken = new ArrayList<>();
        List<String> parts = new ArrayList<>();
        after.forEach((node, sids) -> {
            List<String> newlyLost = sids.stream().filter(sid -> !before.getOrDefault(node, List.of()).contains(sid)).toList();
            if (!newlyLost.isEmpty()) {
                String lost = String.join(", ", newlyLost);
                broken.add(new FieldError(node, "its failure would leave " + lost + " down (no other node is allowed or has room)"));
                parts.add("the failure of " + node + " would leave " + lost + " down");
            }
        });
        if (broken.isEmpty()) {
            return new Admitted<>(value, List.of());
        }
        String detail = "this change breaks N+1: " + String.join("; ", parts);
        if ("strict".equals(level)) {
            throw new ApiException(HttpStatus.CONFLICT, "/problems/admission", detail + " (crs admission = strict)", broken);
        }
        return new Admitted<>(value, List.of(detail));
    }
}
