package io.ballast.proxmox;

import io.ballast.core.HaManager;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The service side of the adapter: observes the cluster every round and, only when
 * {@code ballast.proxmox.act=true}, runs the manager round that acts on it. Keeps the last observation
 * and round for the status endpoint.
 */
public final class ProxmoxService implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(ProxmoxService.class);

    private final PveObserver observer;
    private final ProxmoxEnvironment environment;
    private final boolean act;
    private final Duration interval;
    private final ManagerStatusFile stateFile;
    private final RoundHooks hooks;
    private final Clock clock;
    private ScheduledExecutorService timer;
    private volatile ClusterObservation lastObservation;
    private volatile RoundReport lastRound;
    private volatile String lastError;

    public ProxmoxService(PveObserver observer, ProxmoxEnvironment environment, boolean act, Duration interval,
                          ManagerStatusFile stateFile, Clock clock) {
        this(observer, environment, act, interval, stateFile, RoundHooks.NONE, clock);
    }

    /** @param clock the time each round is stamped with (the application's {@code Clock} bean) */
    public ProxmoxService(PveObserver observer, ProxmoxEnvironment environment, boolean act, Duration interval,
                          ManagerStatusFile stateFile, RoundHooks hooks, Clock clock) {
        this.hooks = hooks;
        this.clock = clock;
        this.observer = observer;
        this.environment = environment;
        this.act = act;
        this.interval = interval;
        this.stateFile = stateFile;
        if (act) {
            environment.restore(stateFile.load());
        }
    }

    /** One tick: observe (and act when enabled). Never throws: a failed tick is reported and retried. */
    public synchronized void tick() {
        try {
            lastObservation = observer.observe();
            hooks.observed(lastObservation);
            if (act) {
                Map<String, String> before = refused();
                hooks.beforeRound(environment);
                io.ballast.core.ManagerStatus previous = environment.status();
                // the round works on this observation: one bounded observation per tick
                lastRound = environment.round(clock.instant().getEpochSecond(), lastObservation);
                stateFile.save(environment.status());
                if (lastRound.acted()) {
                    hooks.afterRound(previous, lastRound, environment.master());
                }
                lastRound.refused().forEach((sid, why) -> {
                    if (!why.equals(before.get(sid))) {
                        LOG.warn("not managing {}: {}", sid, why);
                    }
                });
                lastRound.agentLog().forEach(line -> LOG.info("agent {}", line));
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
