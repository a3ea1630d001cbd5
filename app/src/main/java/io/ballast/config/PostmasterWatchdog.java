package io.ballast.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tiny shell process, child of the JVM, that stops the embedded postmaster (fast shutdown) once the JVM is
 * gone: pg_ctl daemonizes the postmaster, so a SIGKILLed Ballast would otherwise leave it running. The shell
 * notices the JVM's death by being re-parented, which a reused PID cannot fake, and signals the postmaster only
 * while that PID still is a postgres on our data directory. Linux only (it reads /proc); elsewhere the next
 * start's {@link StalePostmaster} check does the cleaning.
 */
final class PostmasterWatchdog {

    private static final Logger LOG = LoggerFactory.getLogger(PostmasterWatchdog.class);

    // $1 JVM pid, $2 postmaster pid, $3 data directory
    private static final String SCRIPT = """
            parent() { read -r _ _ _ ppid _ < /proc/$$/stat; echo "$ppid"; }
            ours() { [ -r /proc/$2/cmdline ] && tr '\\0' '\\n' < /proc/$2/cmdline | grep -qxF -- "$3"; }
            while [ "$(parent)" = "$1" ]; do sleep 1; done
            ours "$@" || exit 0
            kill -INT "$2"
            i=0
            while [ $i -lt 30 ] && ours "$@"; do sleep 0.5; i=$((i + 1)); done
            ours "$@" && kill -KILL "$2"
            exit 0
            """;

    private final Process process;

    private PostmasterWatchdog(Process process) {
        this.process = process;
    }

    /** Starts the watchdog, or returns null where it cannot work (no /proc, no postmaster PID). */
    static PostmasterWatchdog start(Optional<Long> postmasterPid, Path dataDir) {
        if (postmasterPid.isEmpty() || !Files.isReadable(Path.of("/proc/self/stat"))) {
            LOG.info("no postmaster watchdog here; a stale postmaster is cleared at the next start instead");
            return null;
        }
        long jvm = ProcessHandle.current().pid();
        try {
            Process p = new ProcessBuilder("/bin/sh", "-c", SCRIPT, "ballast-pg-watchdog",
                    Long.toString(jvm), Long.toString(postmasterPid.get()), dataDir.toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return new PostmasterWatchdog(p);
        } catch (IOException e) {
            LOG.warn("cannot start the postmaster watchdog ({}); a stale postmaster is cleared at the next start instead",
                    e.getMessage());
            return null;
        }
    }

    long pid() {
        return process.pid();
    }

    void stop() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
    }
}
