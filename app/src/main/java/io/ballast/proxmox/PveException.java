package io.ballast.proxmox;

/** A Proxmox VE API call failed (after retries where retrying makes sense). Never carries the token secret. */
public class PveException extends RuntimeException {
    private final int status;

    public PveException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public PveException(String message, int status) {
        this(message, status, null);
    }

    /** HTTP status of the last answer, 0 when there was none (connection error, timeout). */
    public int status() {
        return status;
    }
}
