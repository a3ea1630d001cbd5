package io.ballast.rulebase;

import io.ballast.rules.RuleChecker;
import io.ballast.rules.engine.DrlRuleChecker;
import io.ballast.rules.engine.DrlSource;
import io.ballast.rules.engine.ReloadableRuleBase;
import io.ballast.rules.engine.ReloadableRuleBase.ReloadResult;
import io.ballast.rules.engine.RuleBase;
import io.ballast.rules.engine.RuleCompilationException.CompilationError;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The service's active DRL rule base: loaded from {@code ballast.rules.dir} (default: the packaged copy),
 * reloaded on request (admins only) and, when {@code ballast.rules.poll-interval} is set, by a poll when the files
 * change. The directory must be writable by the service user only ({@link RulesDirectoryCheck}). A rule base
 * that does not compile is refused and the previous one stays active; the refusal is kept in {@link #status()}.
 */
@Service
public class RuleBaseService {

    private static final Logger LOG = LoggerFactory.getLogger(RuleBaseService.class);

    /** Outcome of the last reload attempt (API call or poll). */
    public record Attempt(Instant at, String trigger, boolean ok, boolean changed, List<CompilationError> errors) {
    }

    /** What GET /rule-base reports. */
    public record Status(String version, Instant loadedAt, String directory, boolean packaged, List<String> files,
                         int ruleCount, Attempt lastAttempt) {
    }

    private record CachedChecker(RuleBase base, RuleChecker checker) {
    }

    private final Path directory;
    private final boolean packaged;
    private final ReloadableRuleBase reloadable;
    private final ScheduledExecutorService poller;
    private volatile Instant loadedAt;
    private volatile Attempt lastAttempt;
    private volatile CachedChecker cached;

    public RuleBaseService(RuleBaseProperties properties) {
        this.packaged = properties.dir().isEmpty();
        this.directory = packaged ? extractPackaged() : Path.of(properties.dir()).toAbsolutePath().normalize();
        if (!packaged) {
            RulesDirectoryCheck.problem(directory).ifPresent(p -> {
                throw new IllegalStateException(p);
            });
        }
        // a configured directory that does not compile stops the start with file:line (RuleCompilationException)
        this.reloadable = new ReloadableRuleBase(directory);
        this.loadedAt = Instant.now();
        LOG.info("rule base {} loaded from {} ({} rules)", reloadable.active().version(),
                packaged ? "the packaged copy" : directory, reloadable.active().ruleCount());
        long millis = properties.pollInterval().toMillis();
        if (millis > 0 && !packaged) {
            poller = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "rule-base-poll");
                t.setDaemon(true);
                return t;
            });
            poller.scheduleWithFixedDelay(this::poll, millis, millis, TimeUnit.MILLISECONDS);
        } else {
            poller = null;
        }
    }

    public RuleBase active() {
        return reloadable.active();
    }

    /** The active rule base's version and a checker on exactly that rule base. */
    public record Active(String version, RuleChecker checker, RuleBase base) {
    }

    public Active activeChecker() {
        RuleBase base = reloadable.active();
        return new Active(base.version(), checkerOf(base), base);
    }

    private static final String PACKAGED_VERSION = RuleBase.versionOf(DrlSource.packaged());

    /** True when the active rule base is the one shipped in the jar (no file added, changed or removed). */
    public static boolean isPackaged(Active active) {
        return active.version().equals(PACKAGED_VERSION);
    }

    /** A rule checker on the active rule base (rebuilt after a reload). */
    public RuleChecker checker() {
        return checkerOf(reloadable.active());
    }

    private RuleChecker checkerOf(RuleBase base) {
        CachedChecker c = cached;
        if (c == null || c.base() != base) {
            c = new CachedChecker(base, new DrlRuleChecker(base));
            cached = c;
        }
        return c.checker();
    }

    /** Recompiles now; on failure the previous rule base stays active. */
    public Attempt reload() {
        return attempt("api", false);
    }

    /** Recompiles if the files changed since the last load or the last refused attempt (the poll). */
    public Attempt reloadIfChanged() {
        return attempt("file-change", true);
    }

    public Status status() {
        RuleBase base = reloadable.active();
        return new Status(base.version(), loadedAt, packaged ? "packaged" : directory.toString(), packaged,
                base.sources().stream().map(DrlSource::name).toList(), base.ruleCount(), lastAttempt);
    }

    private synchronized Attempt attempt(String trigger, boolean onlyIfChanged) {
        Attempt attempt;
        Optional<String> unsafe = packaged ? Optional.empty() : RulesDirectoryCheck.problem(directory);
        if (unsafe.isPresent()) {
            attempt = new Attempt(Instant.now(), trigger, false, false,
                    List.of(new CompilationError(directory.toString(), -1, -1, unsafe.get())));
            LOG.warn("rule base reload ({}) refused, version {} stays active: {}", trigger,
                    reloadable.active().version(), unsafe.get());
            lastAttempt = attempt;
            return attempt;
        }
        try {
            ReloadResult r = onlyIfChanged ? reloadable.reloadIfChanged() : reloadable.reload();
            if (onlyIfChanged && r.ok() && !r.changed()) {
                return lastAttempt;   // nothing new on disk: not worth a status entry
            }
            attempt = new Attempt(Instant.now(), trigger, r.ok(), r.changed(), r.errors());
        } catch (RuntimeException e) {
            // unreadable or missing directory: keep the active rules, report why
            attempt = new Attempt(Instant.now(), trigger, false, false,
                    List.of(new CompilationError(directory.toString(), -1, -1, String.valueOf(e.getMessage()))));
        }
        if (attempt.ok() && attempt.changed()) {
            loadedAt = attempt.at();
            LOG.info("rule base reloaded ({}): version {}", trigger, reloadable.active().version());
        } else if (!attempt.ok()) {
            LOG.warn("rule base reload ({}) refused, version {} stays active: {}", trigger,
                    reloadable.active().version(), attempt.errors());
        }
        lastAttempt = attempt;
        return attempt;
    }

    private void poll() {
        try {
            reloadIfChanged();
        } catch (RuntimeException e) {
            LOG.warn("rule base poll failed", e);
        }
    }

    /** Stops watching the rule directory (at shutdown; tests call it directly). */
    public void stopPolling() {
        stop();
    }

    @PreDestroy
    void stop() {
        if (poller != null) {
            poller.shutdownNow();
        }
        if (packaged) {
            deleteQuietly(directory);
        }
    }

    /** The packaged DRL written to a private temp directory, so the same reloadable loader serves both cases. */
    private static Path extractPackaged() {
        try {
            Path dir = Files.createTempDirectory("ballast-drl-");
            for (DrlSource source : DrlSource.packaged()) {
                Path file = dir.resolve(source.name());
                Files.createDirectories(file.getParent());
                Files.writeString(file, source.content(), StandardCharsets.UTF_8);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the packaged DRL files", e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.debug("could not remove {}", dir, e);
        }
    }
}
