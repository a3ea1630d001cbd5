package io.ballast.proxmox;

/**
 * Treats a node as fenced once it has been missing from a quorate membership for longer than the
 * self-fence delay. Safe only if every node really resets itself when it loses quorum (a watchdog fed
 * only while quorate, see docs/proxmox.md); the default delay is the 60 s watchdog plus the 120 s agent
 * lock lifetime of spec §2.2.
 */
public final class QuorumLossFencer implements Fencer {
    private final long delaySeconds;

    public QuorumLossFencer(long delaySeconds) {
        if (delaySeconds < 0) {
            throw new IllegalArgumentException("self-fence delay must be >= 0, got " + delaySeconds);
        }
        this.delaySeconds = delaySeconds;
    }

    @Override
    public boolean confirm(String node, long absentSeconds, boolean quorate) {
        // without quorum this side may be the partitioned one: never conclude anything
        return quorate && absentSeconds >= delaySeconds;
    }

    @Override
    public String toString() {
        return "quorum loss + " + delaySeconds + " s self-fence delay";
    }
}
