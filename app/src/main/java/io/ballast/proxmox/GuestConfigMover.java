package io.ballast.proxmox;

/**
 * Moves a guest's configuration from a fenced node to a surviving one (recovery). The Proxmox API cannot
 * do this (every guest call is served by the guest's own node, which is down), so an operator-provided
 * command does what Proxmox's HA does internally: rename the config file inside {@code /etc/pve/nodes}.
 */
public interface GuestConfigMover {

    /** What a command did: success, and its output for the agent log (trimmed). */
    record Result(boolean ok, String output) {
        public static Result of(boolean ok) {
            return new Result(ok, "");
        }
    }

    /** Moves the config of guest vmid (type qemu or lxc). */
    Result move(String type, int vmid, String fromNode, String toNode);

    /**
     * Removes a leftover lock (backup, mounted, ...) from the moved guest on {@code node}, as Proxmox's HA does
     * before a recovered guest starts. The API cannot: only root@pam may skip a lock.
     */
    default Result unlock(String type, int vmid, String node, String lock) {
        return new Result(false, "no unlock-command configured");
    }
}
