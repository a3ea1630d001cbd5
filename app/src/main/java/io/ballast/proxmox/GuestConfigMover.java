package io.ballast.proxmox;

/**
 * Moves a guest's configuration from a fenced node to a surviving one (recovery). The Proxmox API cannot
 * do this (every guest call is served by the guest's own node, which is down), so an operator-provided
 * command does what Proxmox's HA does internally: rename the config file inside {@code /etc/pve/nodes}.
 */
public interface GuestConfigMover {

    /** Moves the config of guest vmid (type qemu or lxc); true on success. */
    boolean move(String type, int vmid, String fromNode, String toNode);
}
