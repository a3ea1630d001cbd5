package io.ballast.sim;

/** A case directory that cannot be simulated: names the file and the reason. */
public class CaseLoadException extends RuntimeException {

    private final String file;

    public CaseLoadException(String file, String reason) {
        super(file + ": " + reason);
        this.file = file;
    }

    public CaseLoadException(String file, String reason, Throwable cause) {
        super(file + ": " + reason, cause);
        this.file = file;
    }

    public String file() {
        return file;
    }
}
