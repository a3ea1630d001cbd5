package io.ballast.rules.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Holds the active {@link RuleBase} compiled from a DRL directory. {@link #reload()} recompiles on demand;
 * {@link #reloadIfChanged()} recompiles only when the content hash changed (call it from a timer to
 * follow file edits). A rule base that fails to compile is rejected and the previous one stays active.
 */
public final class ReloadableRuleBase {

    /** Outcome of one reload attempt. */
    public record ReloadResult(boolean changed, String activeVersion, List<RuleCompilationException.CompilationError> errors) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    private final Supplier<List<DrlSource>> sources;
    private volatile RuleBase active;
    private volatile String lastRejectedVersion;

    /** @throws RuleCompilationException if the initial rule base does not compile */
    public ReloadableRuleBase(Path directory) {
        this(() -> DrlSource.fromDirectory(directory));
    }

    ReloadableRuleBase(Supplier<List<DrlSource>> sources) {
        this.sources = sources;
        this.active = RuleBase.compile(sources.get());
    }

    public RuleBase active() {
        return active;
    }

    /** Recompiles unconditionally. */
    public synchronized ReloadResult reload() {
        return compile(sources.get());
    }

    /** Recompiles only if the sorted file names and contents differ from the active (or last rejected) set. */
    public synchronized ReloadResult reloadIfChanged() {
        List<DrlSource> current = sources.get();
        String version = RuleBase.contentHash(current.stream()
                .sorted(java.util.Comparator.comparing(DrlSource::name)).toList());
        if (version.equals(active.version()) || version.equals(lastRejectedVersion)) {
            return new ReloadResult(false, active.version(), List.of());
        }
        return compile(current);
    }

    private ReloadResult compile(List<DrlSource> current) {
        try {
            RuleBase next = RuleBase.compile(current);
            boolean changed = !Objects.equals(next.version(), active.version());
            active = next;
            lastRejectedVersion = null;
            return new ReloadResult(changed, next.version(), List.of());
        } catch (RuleCompilationException e) {
            lastRejectedVersion = RuleBase.contentHash(current.stream()
                    .sorted(java.util.Comparator.comparing(DrlSource::name)).toList());
            return new ReloadResult(false, active.version(), e.errors());
        }
    }
}
