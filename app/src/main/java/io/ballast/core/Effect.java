package io.ballast.core;

/** Something the environment must apply after a round (the core never does I/O itself). */
public sealed interface Effect {

    /** The manager took node's agent lock (fencing acknowledged); the environment must record the holder. */
    record AgentLockAcquired(String node) implements Effect {
    }

    /** Recovery: move the guest's config from a fenced node to another node (spec §1.7 recovery row). */
    record ServiceConfigMoved(String sid, String fromNode, String toNode) implements Effect {
    }

    /** Remove a leftover guest lock of a recovered service. */
    record GuestLockRemoved(String sid, String lock) implements Effect {
    }

    /** Rewrite the requested state in the resource config (stop command → "stopped"). */
    record RequestedStateChanged(String sid, String state) implements Effect {
    }

    /** The CRM command queue was consumed: the environment must clear the commands it passed in. */
    record CommandsConsumed(int count) implements Effect {
    }
}
