package io.ballast.proxmox;

import java.util.function.Supplier;

/**
 * Where the Proxmox agent records its work between deciding and acting. The service's journal writes to the
 * database and runs each action in a transaction that holds the manager lease, so a deposed manager can neither
 * record nor post; {@link #MEMORY} keeps nothing (tests of the environment alone).
 */
public interface AgentJournal {

    AgentJournal MEMORY = new AgentJournal() {
        @Override
        public <T> T fenced(Supplier<T> action) {
            return action.get();
        }

        @Override
        public void record(AgentTask task) {
        }
    };

    /**
     * Runs {@code action} in one transaction that first checks this instance still holds the manager lease (and
     * keeps it held until the end); throws, without running it, when it does not.
     */
    <T> T fenced(Supplier<T> action);

    /** Saves one task's new state; called inside {@link #fenced}. */
    void record(AgentTask task);
}
