package io.ballast.config;

import java.nio.file.Path;

/** A stand-in for a Ballast process in {@link EmbeddedDatabaseTest}: starts the embedded database and waits to be killed. */
public final class EmbeddedDatabaseChild {

    private EmbeddedDatabaseChild() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedDatabase db = EmbeddedDatabase.start(Path.of(args[0]), 0);
        System.out.println("ready " + db.postmasterPid() + " " + db.watchdogPid() + " " + db.port());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
