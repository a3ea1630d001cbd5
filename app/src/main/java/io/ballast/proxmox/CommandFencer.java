package io.ballast.proxmox;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an external fence agent (e.g. {@code fence_ipmilan} wrapped in a script) with the node name as the
 * last argument; exit code 0 confirms the node is powered off. A failed or timed-out run is retried on
 * the next round. The command runs only while this side has quorum.
 */
public final class CommandFencer implements Fencer {
    private static final Logger LOG = LoggerFactory.getLogger(CommandFencer.class);

    private final List<String> command;
    private final Duration timeout;
    private final Set<String> confirmed = new HashSet<>();

    public CommandFencer(List<String> command, Duration timeout) {
        if (command == null || command.isEmpty()) {
            throw new IllegalArgumentException("ballast.proxmox.fencing.command: empty");
        }
        this.command = List.copyOf(command);
        this.timeout = timeout;
    }

    @Override
    public synchronized boolean confirm(String node, long absentSeconds, boolean quorate) {
        if (confirmed.contains(node)) {
            return true;
        }
        if (!quorate) {
            return false;
        }
        List<String> cmd = new ArrayList<>(command);
        cmd.add(node);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                LOG.warn("fence command for node '{}' timed out after {} s", node, timeout.toSeconds());
                return false;
            }
            if (p.exitValue() != 0) {
                LOG.warn("fence command for node '{}' failed with exit code {}", node, p.exitValue());
                return false;
            }
        } catch (IOException e) {
            LOG.warn("fence command for node '{}' could not run: {}", node, e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        LOG.info("fence command confirmed node '{}' is off", node);
        confirmed.add(node);
        return true;
    }

    @Override
    public synchronized void rejoined(String node) {
        confirmed.remove(node);
    }

    @Override
    public String toString() {
        return "command " + command.get(0);
    }
}
