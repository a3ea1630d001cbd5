package io.ballast.proxmox;

import io.ballast.core.ManagerStatus;

/**
 * What the service does around each Proxmox round besides observing and acting: bring configuration edits
 * (rules, CRS settings, maintenance, arm state, admin commands) into the environment before the round, and
 * record what the round decided afterwards. The Spring service persists both in the database; tests of the
 * environment alone use {@link #NONE}.
 */
public interface RoundHooks {

    RoundHooks NONE = new RoundHooks() {
    };

    /** A fresh decision core (at start and after a change of master node). */
    default io.ballast.core.HaManager newManager() {
        return new io.ballast.core.HaManager();
    }

    /** Every tick, acting or not: the cluster as just observed. */
    default void observed(ClusterObservation observation) {
    }

    /** Before a round: configuration edits since the last round. */
    default void beforeRound(ProxmoxEnvironment environment) {
    }

    /** After a round that ran the manager ({@code report.acted()}). */
    default void afterRound(ManagerStatus before, RoundReport report, String master) {
    }
}
