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

    private final List<String> command;
    private final Duration timeout;

    public CommandConfigMover(List<String> command, Duration timeout) {
        if (command == null || command.isEmpty()) {
            throw new IllegalArgumentException("ballast.proxmox.recovery-command: empty");
        }
        this.command = List.copyOf(command);
        this.timeout = timeout;
    }

    @Override
    public boolean move(String type, int vmid, String fromNode, String toNode) {
        List<String> cmd = new ArrayList<>();
        String dir = "lxc".equals(type) ? "lxc" : "qemu-server";
        for (String arg : command) {
            cmd.add(arg.replace("{type}", type).replace("{dir}", dir).replace("{vmid}", Integer.toString(vmid))
                    .replace("{from}", fromNode).replace("{to}", toNode));
        }
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                LOG.warn("recovery command for {} {} timed out", type, vmid);
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            LOG.warn("recovery command for {} {} could not run: {}", type, vmid, e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
