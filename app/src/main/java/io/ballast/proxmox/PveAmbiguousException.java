package io.ballast.proxmox;

/**
 * An action (POST) whose request may have reached Proxmox but whose answer was lost: a timeout or a proxy error
 * (502/503/504/595/596...) after the request was sent. Proxmox may have started the task, so the caller looks for
 * it before posting again ({@link PveTasks#find}).
 */
public class PveAmbiguousException extends PveException {
    public PveAmbiguousException(String message, int status, Throwable cause) {
        super(message, status, cause);
    }
}
