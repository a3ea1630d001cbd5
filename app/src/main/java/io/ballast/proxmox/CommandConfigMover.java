package io.ballast.proxmox;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a configured command to move a guest config, with {@code {type} {vmid} {from} {to}} replaced, e.g.
 * {@code ssh root@pve2 mv /etc/pve/nodes/{from}/{dir}/{vmid}.conf /etc/pve/nodes/{to}/{dir}/} where
 * {@code {dir}} is qemu-server or lxc.
 */
public final class CommandConfigMover implements GuestConfigMover {
    private static final Logger LOG = LoggerFactory.getLogger(CommandConfigMover.class);

    /** Output kept for the agent log. */
    static final int OUTPUT_LIMIT = 2000;

    private final List<String> command;
    private final List<String> unlockCommand;
    private final Duration timeout;

    public CommandConfigMover(List<String> command, Duration timeout) {
        this(command, List.of(), timeout);
    }

    /**
     * @param unlockCommand removes a recovered guest's leftover lock on its new node, with {@code {tool}} (qm/pct),
     *                      {@code {vmid}}, {@code {to}} and {@code {lock}} replaced; empty: none
     */
    public CommandConfigMover(List<String> command, List<String> unlockCommand, Duration timeout) {
        if (command == null || command.isEmpty()) {
            throw new IllegalArgumentException("ballast.proxmox.recovery-command: empty");
        }
        this.command = List.copyOf(command);
        this.unlockCommand = unlockCommand == null ? List.of() : List.copyOf(unlockCommand);
        this.timeout = timeout;
    }

    @Override
    public Result move(String type, int vmid, String fromNode, String toNode) {
        String dir = "lxc".equals(type) ? "lxc" : "qemu-server";
        List<String> cmd = new ArrayList<>();
        for (String arg : command) {
            cmd.add(arg.replace("{type}", type).replace("{dir}", dir).replace("{vmid}", Integer.toString(vmid))
                    .replace("{from}", fromNode).replace("{to}", toNode));
        }
        return run(cmd, "recovery command for " + type + " " + vmid);
    }

    @Override
    public Result unlock(String type, int vmid, String node, String lock) {
        if (unlockCommand.isEmpty()) {
            return GuestConfigMover.super.unlock(type, vmid, node, lock);
        }
        String tool = "lxc".equals(type) ? "pct" : "qm";
        List<String> cmd = new ArrayList<>();
        for (String arg : unlockCommand) {
            cmd.add(arg.replace("{tool}", tool).replace("{vmid}", Integer.toString(vmid)).replace("{to}", node)
                    .replace("{lock}", lock));
        }
        return run(cmd, "unlock command for " + type + " " + vmid);
    }

    private Result run(List<String> cmd, String what) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            // read while it runs, so a chatty command cannot block on a full pipe
            java.util.concurrent.CompletableFuture<String> out = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> read(p));
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                LOG.warn("{} timed out", what);
                return new Result(false, "timed out after " + timeout.toSeconds() + " s" + tail(out));
            }
            String output = tail(out);
            return new Result(p.exitValue() == 0, (p.exitValue() == 0 ? "" : "exit " + p.exitValue()) + output);
        } catch (IOException e) {
            LOG.warn("{} could not run: {}", what, e.getMessage());
            return new Result(false, "could not run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, "interrupted");
        }
    }

    private static String read(Process p) {
        try {
            return new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String tail(java.util.concurrent.CompletableFuture<String> out) {
        String s;
        try {
            s = out.get(2, TimeUnit.SECONDS).strip();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
        if (s.isEmpty()) {
            return "";
        }
        s = s.length() > OUTPUT_LIMIT ? "..." + s.substring(s.length() - OUTPUT_LIMIT) : s;
        return ": " + s.replace('\n', ' ').replace('\r', ' ');
    }
}
