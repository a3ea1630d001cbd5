package io.ballast.proxmox;

import io.ballast.rules.cli.CliArgs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * {@code ./ballast fake-pve [--port 18006] [--nodes 3] [--guests 6]}: serves a fake Proxmox VE API on
 * 127.0.0.1 (plain HTTP) with a few nodes and running VMs, prints the command line that points Ballast at it,
 * and reads commands from standard input to change the cluster while Ballast watches it. The token's secret is
 * new for every run and goes to a file only its owner can read; the printed command line reads it from there
 * into the environment, so it never shows on a command line (visible to every user in the process list).
 */
public final class FakePveCli {

    private FakePveCli() {
    }

    /** A running fake and the file holding its secret (deleted on close). */
    record Session(FakePve pve, Path secretFile) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            pve.close();
            Files.deleteIfExists(secretFile);
        }
    }

    static Session start(int port, int nodeCount, int guestCount) throws IOException {
        FakePve pve = FakePve.http(port);
        try {
            for (int n = 1; n <= nodeCount; n++) {
                pve.addNode("pve" + n, 16, 64 * FakePve.GIB);
            }
            for (int g = 0; g < guestCount; g++) {
                // every guest starts on pve1, so maintenance and rebalancing have something to do
                pve.addGuest(100 + g, "qemu", "pve1", true, 2, 4 * FakePve.GIB);
            }
            Path file = Files.createTempFile("ballast-fake-pve-", ".secret",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            file.toFile().deleteOnExit();
            Files.writeString(file, pve.secret() + "\n");
            return new Session(pve, file);
        } catch (IOException | RuntimeException e) {
            pve.close();
            throw e;
        }
    }

    /** What an operator needs to point Ballast at the fake; never the secret itself. */
    static void printLaunch(Session s, int nodeCount, int guestCount, PrintStream out) {
        FakePve pve = s.pve();
        out.println("fake Proxmox VE API on " + pve.url() + "/api2/json: " + nodeCount + " nodes, " + guestCount
                + " running VMs (vm:100.. on pve1)");
        out.println("API token " + FakePve.TOKEN_ID + "; its secret, new for this run, is in " + s.secretFile()
                + " (readable by you only, deleted when the fake stops)");
        out.println("run Ballast against it with:");
        out.println("  BALLAST_PROXMOX_SECRET=\"$(cat '" + s.secretFile() + "')\" ./ballast --ballast.cluster.mode=proxmox"
                + " --ballast.proxmox.url=" + pve.url() + " --ballast.proxmox.allow-plain-http=true '--ballast.proxmox"
                + ".token-id=" + FakePve.TOKEN_ID + "' --ballast.proxmox.act=true");
        out.println("commands: node <name> off|on, quorum off|on, guests, actions, quit");
    }

    static final String USAGE = "usage: ballast fake-pve [--port 18006] [--nodes 3] [--guests 6]";
    private static final String HELP = USAGE + """


            Serves a fake Proxmox VE API on 127.0.0.1 (plain HTTP) to try ballast.cluster.mode=proxmox without a
            cluster, prints the command line that points Ballast at it, then reads commands from stdin to change
            the cluster while Ballast watches: node <name> off|on, quorum off|on, guests, actions, quit.
              --port N     TCP port, 0 for any free one (default 18006)
              --nodes N    nodes pve1.., at least 1 (default 3)
              --guests N   running VMs vm:100.., all on pve1 (default 6)
            The API token's secret is new for each run and goes to an owner-only file (never on a command line).
            """;

    public static int run(String[] args) throws IOException {
        return run(args, System.in, System.out, System.err);
    }

    static int run(String[] args, InputStream stdin, PrintStream out) throws IOException {
        return run(args, stdin, out, System.err);
    }

    static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) throws IOException {
        if (CliArgs.wantsHelp(args)) {
            out.print(HELP);
            return 0;
        }
        int port = 18006;
        int nodeCount = 3;
        int guestCount = 6;
        try {
            CliArgs cli = new CliArgs(args);
            while (cli.hasNext()) {
                String a = cli.next();
                switch (a) {
                    case "--port" -> port = cli.intValue(a, 0);
                    case "--nodes" -> nodeCount = cli.intValue(a, 1);
                    case "--guests" -> guestCount = cli.intValue(a, 0);
                    default -> throw CliArgs.unknown(a);
                }
            }
            if (port > 65535) {
                throw new CliArgs.UsageException("--port must be at most 65535, got " + port);
            }
        } catch (CliArgs.UsageException e) {
            return CliArgs.fail(err, "fake-pve", e.getMessage(), USAGE);
        }
        try (Session s = start(port, nodeCount, guestCount)) {
            FakePve pve = s.pve();
            printLaunch(s, nodeCount, guestCount, out);
            BufferedReader in = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
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
