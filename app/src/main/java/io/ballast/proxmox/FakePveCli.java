package io.ballast.proxmox;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code ./ballast fake-pve [--port 18006] [--nodes 3] [--guests 6]}: serves a fake Proxmox VE API on
 * 127.0.0.1 (plain HTTP) with a few nodes and running VMs, prints the configuration block that points
 * Ballast at it, and reads commands from standard input to change the cluster while Ballast watches it.
 */
public final class FakePveCli {

    private FakePveCli() {
    }

    public static int run(String[] args) throws IOException {
        int port = 18006;
        int nodeCount = 3;
        int guestCount = 6;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            try {
                switch (args[i]) {
                    case "--port" -> port = Integer.parseInt(value);
                    case "--nodes" -> nodeCount = Integer.parseInt(value);
                    case "--guests" -> guestCount = Integer.parseInt(value);
                    default -> {
                        System.err.println("fake-pve: unknown option '" + args[i] + "'");
                        return 2;
                    }
                }
            } catch (NumberFormatException e) {
                System.err.println("fake-pve: " + args[i] + " needs a number, got '" + value + "'");
                return 2;
            }
            i++;
        }
        if (nodeCount < 1 || guestCount < 0) {
            System.err.println("fake-pve: --nodes must be at least 1 and --guests at least 0");
            return 2;
        }
        try (FakePve pve = FakePve.http(port)) {
            for (int n = 1; n <= nodeCount; n++) {
                pve.addNode("pve" + n, 16, 64 * FakePve.GIB);
            }
            for (int g = 0; g < guestCount; g++) {
                // every guest starts on pve1, so maintenance and rebalancing have something to do
                pve.addGuest(100 + g, "qemu", "pve1", true, 2, 4 * FakePve.GIB);
            }
            PrintStream out = System.out;
            out.println("fake Proxmox VE API on " + pve.url() + "/api2/json: " + nodeCount + " nodes, " + guestCount
                    + " running VMs (vm:100.. on pve1)");
            out.println("run Ballast against it with:");
            out.println("  ./ballast --ballast.cluster.mode=proxmox --ballast.proxmox.url=" + pve.url()
                    + " '--ballast.proxmox.token-id=" + FakePve.TOKEN_ID + "' --ballast.proxmox.secret=" + FakePve.SECRET
                    + " --ballast.proxmox.act=true");
            out.println("commands: node <name> off|on, quorum off|on, guests, actions, quit");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                String answer = command(pve, line.trim());
                if (answer == null) {
                    break;
                }
                if (!answer.isEmpty()) {
                    out.println(answer);
                }
            }
            if (line == null) {
                // standard input closed (e.g. started in the background): keep serving until killed
                waitForever();
            }
        }
        return 0;
    }

    /** One stdin command; null ends the server, "" answers nothing. */
    static String command(FakePve pve, String line) {
        String[] w = line.split("\\s+");
        synchronized (pve) {
            switch (w[0]) {
                case "" -> {
                    return "";
                }
                case "quit", "exit" -> {
                    return null;
                }
                case "node" -> {
                    if (w.length != 3 || !pve.nodes.containsKey(w[1]) || !(w[2].equals("on") || w[2].equals("off"))) {
                        return "usage: node <" + String.join("|", pve.nodes.keySet()) + "> off|on";
                    }
                    pve.setOnline(w[1], w[2].equals("on"));
                    return "node " + w[1] + " " + (w[2].equals("on") ? "back in the cluster" : "left the cluster");
                }
                case "quorum" -> {
                    if (w.length != 2 || !(w[1].equals("on") || w[1].equals("off"))) {
                        return "usage: quorum off|on";
                    }
                    pve.quorate = w[1].equals("on");
                    return "quorate: " + pve.quorate;
                }
                case "guests" -> {
                    StringBuilder sb = new StringBuilder();
                    for (Map.Entry<Integer, FakePve.Guest> e : pve.guests.entrySet()) {
                        FakePve.Guest g = e.getValue();
                        sb.append(g.type).append('/').append(g.vmid).append(' ').append(g.node).append(' ')
                                .append(g.status).append('\n');
                    }
                    return sb.toString().strip();
                }
                case "actions" -> {
                    return String.join("\n", pve.actions());
                }
                default -> {
                    return "unknown command '" + w[0] + "'; commands: node <name> off|on, quorum off|on, guests, "
                            + "actions, quit";
                }
            }
        }
    }

    private static void waitForever() {
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
