package io.ballast.proxmox;

import io.ballast.core.ManagerStatus;
import java.util.List;

/**
 * What the service does around each Proxmox round besides observing and acting: tell whether this instance is
 * the active manager, restore what the database holds when it becomes one, bring configuration edits (rules, CRS
 * settings, maintenance, arm state, admin commands) into the environment before the round, persist what the round
 * decided before anything is acted on, and journal the act phase under the lease. The Spring service keeps all of
 * it in the database; tests of the environment alone use {@link #NONE} (always leading, nothing durable).
 */
public interface RoundHooks {

    RoundHooks NONE = new RoundHooks() {
    };

    /** The manager status and the agents' work to continue from. */
    record Restored(ManagerStatus status, List<AgentTask> work, long term) {
    }

    /** A fresh decision core (at start and after a change of master node). */
    default io.ballast.core.HaManager newManager() {
        return new io.ballast.core.HaManager();
    }

    /** Every tick, acting or not: the cluster as just observed. */
    default void observed(ClusterObservation observation) {
    }

    /** Whether this instance is the active manager now; acting rounds run only then. */
    default boolean leading() {
        return true;
    }

    /** What to continue from on becoming the active manager; null keeps the environment as it is. */
    default Restored restore() {
        return null;
    }

    /** Before a round: configuration edits since the last round. */
    default void beforeRound(ProxmoxEnvironment environment) {
    }

    /**
     * After a round decided and before it acts: persists the manager status, its decisions, the commands it
     * consumed and the agents' planned work in one transaction that holds the lease, running {@code inTransaction}
     * (the environment's own writes) inside it. Throws when this instance is no longer the active manager.
     */
    default void persist(ManagerStatus before, RoundReport report, String master, Runnable inTransaction) {
        inTransaction.run();
    }

    /** Where the act phase records each post, under the lease. */
    default AgentJournal journal() {
        return AgentJournal.MEMORY;
    }
}
