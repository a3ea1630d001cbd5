package io.ballast.metrics;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.springframework.stereotype.Component;

import io.ballast.core.Decision;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Ballast's own event metrics (docs/operations.md#metrics): round duration, decisions by kind, fences, recoveries,
 * migrations, refused commands and failed agent actions. Fed by {@link io.ballast.manager.store.DecisionLog} when a
 * round's transaction commits, so a rolled-back round counts nothing but {@code ballast_rounds_rolled_back_total}.
 * The gauges read from the cluster live in {@link ClusterGauges}.
 */
@Component
public class BallastMetrics {

    /** Every value of the {@code kind} label (pre-registered at 0, so rate() works from the first scrape). */
    public static final List<String> KINDS = List.of("fence", "fencing", "recovery", "migrate", "relocate",
            "rebalance", "maintenance", "placement", "start", "stop", "error", "freeze", "arm", "refused", "command",
            "config", "node-state", "proposal", "other");

    private final MeterRegistry registry;
    private final Timer roundDuration;
    private final Counter roundsRolledBack;
    private final Counter fences;
    private final Counter recoveries;
    private final List<Runnable> afterRound = new CopyOnWriteArrayList<>();
    /** Start of the round in progress (registry clock, ns); -1 when none. */
    private volatile long roundStart = -1;

    public BallastMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.roundDuration = Timer.builder("ballast.round.duration")
                .description("One manager round: configuration sync, decision core and the commit of its persist"
                        + " transaction")
                .serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100),
                        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
                        Duration.ofSeconds(5), Duration.ofSeconds(10))
                .register(registry);
        this.roundsRolledBack = Counter.builder("ballast.rounds.rolled.back")
                .description("Manager rounds whose persist transaction rolled back (nothing logged or counted)")
                .register(registry);
        this.fences = Counter.builder("ballast.fences").description("Nodes the manager put into state fence")
                .register(registry);
        this.recoveries = Counter.builder("ballast.recoveries")
                .description("Resources recovered onto another node after their node was fenced").register(registry);
        KINDS.forEach(this::decisions);
        List.of("migrate", "relocate").forEach(this::migrations);
        List.of("migrate", "relocate", "stop").forEach(this::refused);
    }

    private Counter decisions(String kind) {
        return Counter.builder("ballast.decisions").description("HA decisions by kind (one per audit row)")
                .tag("kind", kind).register(registry);
    }

    private Counter migrations(String action) {
        return Counter.builder("ballast.migrations").description("Resources that entered state migrate or relocate")
                .tag("action", action).register(registry);
    }

    private Counter refused(String command) {
        return Counter.builder("ballast.commands.refused")
                .description("Commands refused: by the API (409) or by the manager (a rule forbids the move)")
                .tag("command", command).register(registry);
    }

    /** A round begins. */
    public void roundStarting() {
        roundStart = registry.config().clock().monotonicTime();
    }

    /** The round's persist transaction committed (its decisions are counted by {@link #decision}). */
    public void roundCommitted() {
        long start = roundStart;
        roundStart = -1;
        if (start >= 0) {
            roundDuration.record(registry.config().clock().monotonicTime() - start, TimeUnit.NANOSECONDS);
        }
        afterRound.forEach(Runnable::run);
    }

    public void roundRolledBack() {
        roundStart = -1;
        roundsRolledBack.increment();
    }

    /** Runs after every committed round (gauges refreshed from memory; no database access there). */
    public void afterEveryRound(Runnable action) {
        afterRound.add(action);
    }

    /** One committed decision of {@code kind} (see {@link io.ballast.manager.store.DecisionLog#kind}). */
    public void decision(String kind, Decision d) {
        decisions(KINDS.contains(kind) ? kind : "other").increment();
        String subject = d.subject() == null ? "" : d.subject();
        boolean node = !subject.contains(":") && !subject.equals("cluster") && !subject.isEmpty();
        if (kind.equals("fence") && node) {
            fences.increment();
        } else if ("fence-acknowledged".equals(d.trigger())) {
            recoveries.increment();   // "recover to <node>", once per resource (not its state changes)
        } else if (kind.equals("migrate") || kind.equals("relocate")) {
            migrations(kind).increment();
        } else if (kind.equals("refused")) {
            String action = d.action() == null ? "" : d.action();
            refused(action.startsWith("reject relocate") ? "relocate" : "migrate").increment();
        }
    }

    /** A command the API refused. */
    public void commandRefused(String command) {
        refused(command == null ? "other" : command).increment();
    }

    /**
     * An agent action (a Proxmox task: start, stop, shutdown, migrate) that ended in failure. Static, so the agents
     * need no wiring; counts nothing before the service's metrics exist (command-line tools, unit tests).
     */
    /** An agent action (a Proxmox task) that did not reach its goal; wired to the Proxmox environment. */
    public void actionFailed(String step) {
        Counter.builder("ballast.actions.failed").description("Agent actions (Proxmox tasks) that failed")
                .tag("step", step == null ? "other" : step).register(registry).increment();
    }
}
