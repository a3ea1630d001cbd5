package io.ballast.proxmox;

import io.ballast.core.HaManager;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The service side of the adapter: observes the cluster every round and, only when
 * {@code ballast.proxmox.act=true} and this instance is the active manager, runs the manager round that acts on
 * it: decide, persist (one transaction under the lease), then act. Keeps the last observation and round for the
 * status endpoint.
 */
public final class ProxmoxService implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(ProxmoxService.class);

    private final PveObserver observer;
    private final ProxmoxEnvironment environment;
    private final boolean act;
    private final Duration interval;
    private final RoundHooks hooks;
    private final Clock clock;
    private ScheduledExecutorService timer;
    private volatile ClusterObservation lastObservation;
    private volatile RoundReport lastRound;
    private volatile String lastError;
    /** Whether the environment holds the active manager's state (restored when this instance became leader). */
    private boolean leading;

    public ProxmoxService(PveObserver observer, ProxmoxEnvironment environment, boolean act, Duration interval,
                          Clock clock) {
        this(observer, environment, act, interval, RoundHooks.NONE, clock);
    }

    /** @param clock the time each round is stamped with (the application's {@code Clock} bean) */
    public ProxmoxService(PveObserver observer, ProxmoxEnvironment environment, boolean act, Duration interval,
                          RoundHooks hooks, Clock clock) {
        this.hooks = hooks;
        this.clock = clock;
        this.observer = observer;
        this.environment = environment;
        this.act = act;
        this.interval = interval;
    }

    /** One tick: observe (and act when enabled). Never throws: a failed tick is reported and retried. */
    public synchronized void tick() {
        try {
            lastObservation = observer.observe();
            hooks.observed(lastObservation);
            List<String> now = warnings(lastObservation);
            now.stream().filter(w -> !warnings.contains(w)).forEach(w -> LOG.warn("{}", w));
            warnings = now;
            if (act) {
                actingRound();
            }
            lastError = null;
        } catch (PveAuthException e) {
            lastError = e.getMessage();
            LOG.error("{}", e.getMessage());
        } catch (RuntimeException e) {
            lastError = e.getMessage();
            LOG.warn("Proxmox round failed: {}", e.getMessage());
        }
    }

    /** Decide, persist, act; only the active manager, continuing from the database when it just became one. */
    private void actingRound() {
        if (!hooks.leading()) {
            if (leading) {
                LOG.info("no longer the active manager: rounds stop here");
            }
            leading = false;
            return;
        }
        if (!leading) {
            RoundHooks.Restored saved = hooks.restore();
            if (saved != null) {
                environment.restore(saved.status(), saved.work(), saved.term());
                LOG.info("active manager (term {}): continuing from the database, {} agent task(s) in flight",
                        saved.term(), saved.work().stream().filter(t -> !t.done()).count());
            }
            leading = true;
        }
        Map<String, String> before = refused();
        try {
            hooks.beforeRound(environment);
            io.ballast.core.ManagerStatus previous = environment.status();
            // the round works on this observation: one bounded observation per tick
            RoundReport decided = environment.decide(clock.instant().getEpochSecond(), lastObservation);
            if (decided.acted()) {
                RoundReport toPersist = decided;
                hooks.persist(previous, toPersist, environment.master(), () -> environment.persisted(toPersist));
                decided = decided.withAgentLog(environment.act(decided, hooks.journal()));
            }
            lastRound = decided;
        } catch (RuntimeException e) {
            // memory may now be ahead of the database: the next round starts again from what was persisted
            leading = false;
            throw e;
        }
        lastRound.refused().forEach((sid, why) -> {
            if (!why.equals(before.get(sid))) {
                LOG.warn("not managing {}: {}", sid, why);
            }
        });
        lastRound.agentLog().forEach(line -> LOG.info("agent {}", line));
    }

    /** What the operator should change in the cluster, from the last observation. */
    public List<String> warnings() {
        return warnings;
    }

    private volatile List<String> warnings = List.of();

    static List<String> warnings(ClusterObservation obs) {
        List<String> out = new java.util.ArrayList<>();
        if (obs.pveAutoRebalance()) {
            out.add("Proxmox VE's own automatic rebalancing is on (datacenter option crs: " + obs.pveCrs() + "): it "
                    + "moves Proxmox HA guests while Ballast balances the same nodes, and the two fight; turn it off "
                    + "(Datacenter > Options > Cluster Resource Scheduling) and let Ballast balance");
        }
        return out;
    }

    public ClusterObservation lastObservation() {
        return lastObservation;
    }

    public RoundReport lastRound() {
        return lastRound;
    }

    public String lastError() {
        return lastError;
    }

    public boolean acting() {
        return act;
    }

    public Map<String, String> refused() {
        RoundReport r = lastRound;
        return r == null ? Map.of() : r.refused();
    }

    @Override
    public void start() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "proxmox-round");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::tick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("Proxmox adapter started ({}), round every {} s", act ? "acting" : "observing only",
                interval.toSeconds());
    }

    @Override
    public void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    @Override
    public boolean isRunning() {
        return timer != null;
    }

    static HaManager newManager() {
        return new HaManager();
    }
}
