package io.ballast.sim;

/** A case directory that cannot be simulated: names the file and the reason. */
public class CaseLoadException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String file;

    public CaseLoadException(String file, String reason) {
        super(file + ": " + reason);
        this.file = file;
    }

    public CaseLoadException(String file, String reason, Throwable cause) {
        super(file + ": " + reason, cause);
        this.file = file;
    }

    /** For parser messages that already start with the file name (and line). */
    private CaseLoadException(String file, String message, Throwable cause, boolean located) {
        super(message, cause);
        this.file = file;
    }

    static CaseLoadException located(String file, RuntimeException cause) {
        String msg = cause.getMessage() == null ? "invalid" : cause.getMessage();
        return msg.startsWith(file) ? new CaseLoadException(file, msg, cause, true)
                : new CaseLoadException(file, msg, cause);
    }

    public String file() {
        return file;
    }
}
