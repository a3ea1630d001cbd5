package io.ballast;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Entry point of the {@code ballast} launcher. Subcommands that only need the decision core
 * (simulate, conformance, bench, rules) run as plain Java, without Spring, a database or a web server;
 * everything else starts the service.
 */
public final class BallastMain {

    /** subcommand → class with {@code public static int run(String[] args)}; help text. */
    private static final Map<String, String[]> SUBCOMMANDS = new LinkedHashMap<>();

    static {
        SUBCOMMANDS.put("serve", new String[] {"", "start the service (default; REST API on :8080)"});
        SUBCOMMANDS.put("simulate", new String[] {"io.ballast.sim.cli.SimulateCli",
                "run one scenario directory on the simulated cluster and print its log"});
        SUBCOMMANDS.put("conformance", new String[] {"io.ballast.sim.cli.ConformanceCli",
                "run every scenario under a directory and print L1/L2 results"});
        SUBCOMMANDS.put("rules", new String[] {"io.ballast.rules.cli.RulesCli",
                "rule tools: 'rules check <rules.cfg>' validates a Proxmox rules file, 'rules bench' times the rule base"});
        SUBCOMMANDS.put("import", new String[] {"io.ballast.importer.ImportCli",
                "import a Proxmox HA setup (resources.cfg, rules.cfg, datacenter.cfg) into Ballast"});
        SUBCOMMANDS.put("token", new String[] {"io.ballast.security.TokenCli",
                "API tokens of a running Ballast: 'token create --name N --role viewer|operator|admin', 'token list', 'token revoke N'"});
        SUBCOMMANDS.put("fake-pve", new String[] {"io.ballast.proxmox.FakePveCli",
                "serve a fake Proxmox VE API on 127.0.0.1 to try 'cluster.mode=proxmox' without a cluster"});
        SUBCOMMANDS.put("bench", new String[] {"io.ballast.bench.BenchMain",
                "benchmarks: 'bench round' (whole manager rounds), 'bench rebalance' and 'bench failover'"});
    }

    private BallastMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help"))) {
            printHelp();
            return;
        }
        if (args.length == 0 || args[0].startsWith("-") || args[0].equals("serve")) {
            String[] rest = args.length > 0 && args[0].equals("serve") ? Arrays.copyOfRange(args, 1, args.length) : args;
            BallastApplication.start(rest);
            return;
        }
        String[] entry = SUBCOMMANDS.get(args[0]);
        if (entry == null) {
            System.err.println("ballast: unknown command '" + args[0] + "'");
            printHelp();
            System.exit(2);
        }
        int exit = runSubcommand(entry[0], Arrays.copyOfRange(args, 1, args.length));
        System.exit(exit);
    }

    private static int runSubcommand(String className, String[] args) throws Exception {
        quietLibraryLogging();
        Class<?> type;
        try {
            type = Class.forName(className);
        } catch (ClassNotFoundException e) {
            System.err.println("ballast: this command is not available in this build");
            return 2;
        }
        Method run = type.getMethod("run", String[].class);
        return (int) run.invoke(null, (Object) args);
    }

    /**
     * Command-line tools print their own results; Drools' and Timefold's INFO lines would drown them.
     * BALLAST_LOG_LEVEL (e.g. INFO, DEBUG) brings them back.
     */
    private static void quietLibraryLogging() {
        String level = System.getenv().getOrDefault("BALLAST_LOG_LEVEL", "WARN");
        org.slf4j.Logger root = org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (root instanceof ch.qos.logback.classic.Logger logback) {
            logback.setLevel(ch.qos.logback.classic.Level.toLevel(level, ch.qos.logback.classic.Level.WARN));
        }
    }

    private static void printHelp() {
        System.out.println("usage: ballast [command] [options]");
        System.out.println();
        System.out.println("commands:");
        SUBCOMMANDS.forEach((name, entry) -> System.out.printf("  %-12s %s%n", name, entry[1]));
        System.out.println();
        System.out.println("Without a command Ballast starts the service on its embedded default:");
        System.out.println("a simulated 3-node cluster and an embedded PostgreSQL (data under ./data).");
    }
}
