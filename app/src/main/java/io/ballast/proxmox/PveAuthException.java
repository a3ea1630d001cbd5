package io.ballast.proxmox;

/** 401 from Proxmox VE: the API token is wrong, expired or revoked. Not retried. */
public class PveAuthException extends PveException {
    public PveAuthException(String message) {
        super(message, 401);
    }
}
