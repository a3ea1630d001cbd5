package io.ballast.proxmox;

/**
 * Confirms that a failed node can no longer run guests. Ballast recovers a node's guests elsewhere only
 * after a fencer confirmed it (spec §2.2): two running copies of one guest corrupt its disks.
 */
public interface Fencer {

    /**
     * Asked every round while the node is absent from the membership.
     *
     * @param node          the absent node
     * @param absentSeconds how long it has been missing from a quorate membership
     * @param quorate       the observed cluster currently has quorum
     * @return true once the node is confirmed fenced (stays confirmed until it rejoins)
     */
    boolean confirm(String node, long absentSeconds, boolean quorate);

    /** The node is back: forget any confirmation and state kept for it. */
    default void rejoined(String node) {
    }

    /** Builds the configured policy. */
    static Fencer of(ProxmoxProperties.Fencing f) {
        QuorumLossFencer quorum = new QuorumLossFencer(f.selfFenceDelay().toSeconds());
        return switch (f.policy()) {
            case "quorum" -> quorum;
            case "command" -> new CommandFencer(f.command(), f.commandTimeout());
            case "both" -> new CombinedFencer(true, quorum, new CommandFencer(f.command(), f.commandTimeout()));
            case "either" -> new CombinedFencer(false, quorum, new CommandFencer(f.command(), f.commandTimeout()));
            // only an operator's confirmation (added by the environment under every policy) proves a node off
            case "operator" -> new Fencer() {
                @Override
                public boolean confirm(String node, long absentSeconds, boolean quorate) {
                    return false;
                }

                @Override
                public String toString() {
                    return "no automatic proof";
                }
            };
            default -> throw new IllegalArgumentException("unknown fencing policy " + f.policy());
        };
    }
}
