package io.ballast.sim;

/**
 * What a node's local agent (LRM) needs from the hypervisor: observe guests and start, stop or move them.
 * The simulated hardware implements it; a Proxmox adapter can implement the same port later.
 * Every call is made on behalf of one node's agent; {@code log} receives the agent-visible messages.
 */
public interface HypervisorPort {

    /** Receives the hypervisor-side messages of one call (logged as the calling LRM). */
    interface AgentLog {
        void log(String level, String message);
    }

    /** Node the guest's configuration lives on, or null if the guest does not exist. */
    String configuredNode(String sid);

    /** Config lock of the guest (e.g. "backup"), or null. */
    String configLock(String sid);

    boolean isRunning(String node, String sid);

    /** Starts the guest on node; returns normally even if the start did not succeed (check {@link #isRunning}). */
    void start(String node, String sid, AgentLog log);

    /** Stops the guest on node ({@code timeout} in seconds, null = default, 0 = hard stop). */
    void stop(String node, String sid, Integer timeout, AgentLog log);

    /**
     * Moves the guest from node to target: online migration when {@code online}, else relocation (stop,
     * move, start later). Returns true if the guest's configuration is on the target afterwards.
     */
    boolean move(String node, String sid, String target, boolean online, AgentLog log);
}
