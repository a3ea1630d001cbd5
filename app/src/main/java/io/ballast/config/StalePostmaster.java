package io.ballast.config;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a Ballast killed with SIGKILL leaves in the embedded data directory: a postmaster that still runs
 * (nobody stopped it), or a {@code postmaster.pid} naming a process that is gone. PostgreSQL refuses to start
 * on either, and also on a pid file whose PID now belongs to an unrelated process it cannot signal (the
 * embedded server runs as {@code nobody} in a user namespace when Ballast runs as root). Cleared only when no
 * live Ballast holds zonky's {@code epg-lock} on the directory.
 */
final class StalePostmaster {

    private static final Logger LOG = LoggerFactory.getLogger(StalePostmaster.class);

    static final String PID_FILE = "postmaster.pid";
    /** zonky's lock file; a running Ballast holds an exclusive lock on it for its whole life. */
    static final String LOCK_FILE = "epg-lock";
    static final Duration FAST_SHUTDOWN = Duration.ofSeconds(15);

    private StalePostmaster() {
    }

    /** Stops an orphaned postmaster of {@code dataDir}, or removes a pid file that names no postmaster of it. */
    static void clear(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve(PID_FILE);
        if (!Files.exists(pidFile)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(dataDir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
             FileLock lock = tryLock(channel)) {
            if (lock == null) {
                throw new IllegalStateException("the embedded PostgreSQL data directory " + dataDir
                        + " is in use by another running Ballast (it holds " + LOCK_FILE + ")");
            }
            Optional<ProcessHandle> postmaster = pidOf(dataDir).flatMap(ProcessHandle::of)
                    .filter(p -> p.isAlive() && isPostmasterOf(p, dataDir));
            if (postmaster.isPresent()) {
                LOG.warn("a previous Ballast died without stopping its PostgreSQL (pid {}); stopping it", postmaster.get().pid());
                stop(postmaster.get());
            } else {
                LOG.warn("removing stale {} of a PostgreSQL that is gone", pidFile);
            }
            Files.deleteIfExists(pidFile);
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;   // this JVM already runs a database on the directory
        }
    }

    /** The PID on the first line of the data directory's postmaster.pid, if there is one. */
    static Optional<Long> pidOf(Path dataDir) {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve(PID_FILE), StandardCharsets.UTF_8);
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** A postgres process started on {@code dataDir} (its command line names the directory, or it runs in it). */
    static boolean isPostmasterOf(ProcessHandle process, Path dataDir) {
        String dir = dataDir.toString();
        ProcessHandle.Info info = process.info();
        boolean postgres = info.command().map(c -> Path.of(c).getFileName().toString().startsWith("postgres")).orElse(false);
        boolean namesDir = info.arguments().map(args -> List.of(args).contains(dir)).orElse(false);
        Path proc = Path.of("/proc", Long.toString(process.pid()));
        if (Files.isDirectory(proc)) {
            try {
                String cmdline = Files.readString(proc.resolve("cmdline"), StandardCharsets.UTF_8);
                String argv0 = cmdline.split("\0", 2)[0];
                postgres |= Path.of(argv0).getFileName().toString().startsWith("postgres");
                namesDir |= List.of(cmdline.split("\0")).contains(dir);
                namesDir |= Files.readSymbolicLink(proc.resolve("cwd")).equals(dataDir);
            } catch (IOException | RuntimeException e) {
                // the process ended meanwhile, or /proc hides it: the command line decides
            }
        }
        return postgres && namesDir;
    }

    /** Fast shutdown (SIGINT), then SIGKILL for the postmaster and its backends if it does not end in time. */
    private static void stop(ProcessHandle postmaster) throws IOException {
        List<ProcessHandle> backends = postmaster.descendants().toList();
        signal(postmaster.pid(), "INT");
        if (awaitExit(postmaster, FAST_SHUTDOWN)) {
            return;
        }
        LOG.warn("PostgreSQL pid {} did not shut down in {} s; killing it", postmaster.pid(), FAST_SHUTDOWN.toSeconds());
        postmaster.destroyForcibly();
        backends.forEach(ProcessHandle::destroyForcibly);   // they keep the shared memory attached otherwise
        if (!awaitExit(postmaster, Duration.ofSeconds(5))) {
            throw new IllegalStateException("cannot stop the orphaned PostgreSQL, pid " + postmaster.pid());
        }
    }

    private static void signal(long pid, String signal) throws IOException {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while signalling pid " + pid, e);
        }
    }

    private static boolean awaitExit(ProcessHandle process, Duration timeout) throws IOException {
        CompletableFuture<ProcessHandle> exit = process.onExit();
        try {
            exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for pid " + process.pid(), e);
        }
    }
}
