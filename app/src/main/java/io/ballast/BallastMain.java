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
        SUBCOMMANDS.put("headroom", new String[] {"io.ballast.sim.cli.HeadroomCli",
                "failure headroom (N+1) of a cluster described in a scenario directory, as GET /api/v1/headroom"});
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
        SUBCOMMANDS.put("sql", new String[] {"io.ballast.config.SqlCli",
                "run one SQL statement on Ballast's database (read-only unless --write), e.g. the audit queries"});
    }

    private BallastMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help"))) {
            printHelp();
            return;
        }
        if (args.length > 0 && (args[0].equals("--version") || args[0].equals("-V") || args[0].equals("version"))) {
            System.out.println(version());
            return;
        }
        if (args.length == 0 || args[0].startsWith("-") || args[0].equals("serve")) {
            String[] rest = args.length > 0 && args[0].equals("serve") ? Arrays.copyOfRange(args, 1, args.length) : args;
            int exit = serveOptions(rest, System.out, System.err);
            if (exit >= 0) {
                System.exit(exit);
            }
            BallastApplication.start(rest);
            return;
        }
        System.exit(dispatch(args, System.err));
    }

    /** Runs subcommand {@code args[0]}; its exit code (2 for an unknown one). */
    static int dispatch(String[] args, java.io.PrintStream err) throws Exception {
        String[] entry = SUBCOMMANDS.get(args[0]);
        if (entry == null) {
            err.println("ballast: unknown command '" + args[0] + "'");
            err.println("usage: ballast [command] [options]   ('ballast --help' lists the commands)");
            return 2;
        }
        try {
            return runSubcommand(entry[0], Arrays.copyOfRange(args, 1, args.length));
        } catch (java.lang.reflect.InvocationTargetException e) {
            // one style for what a command did not foresee too: its name and a plain message, no stack trace
            Throwable cause = e.getCause();
            String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            err.println("ballast " + args[0] + ": " + message.strip().replace("\n", " "));
            if (System.getenv("BALLAST_DEBUG") != null) {
                cause.printStackTrace(err);
            }
            return 1;
        }
    }

    /**
     * The service's options are Spring settings, {@code --key=value} (or a bare {@code --flag} such as
     * {@code --debug}); {@code --help}/{@code -h} and {@code --version}/{@code -V} print and exit without starting
     * anything, and anything else is refused before the service starts.
     *
     * @return the exit code when the command is done here (0 help/version, 2 a bad option); -1 to start the service
     */
    static int serveOptions(String[] args, java.io.PrintStream out, java.io.PrintStream err) {
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h")) {
                printServeHelp(out);
                return 0;
            }
            if (a.equals("--version") || a.equals("-V")) {
                out.println(version());
                return 0;
            }
        }
        for (String a : args) {
            if (!a.startsWith("--") || a.length() < 3 || a.startsWith("--=")) {
                return io.ballast.rules.cli.CliArgs.fail(err, "serve", "unknown argument '" + a + "': settings are"
                        + " --key=value, e.g. --server.port=9090", "usage: ballast [serve] [--key=value ...]");
            }
        }
        return -1;
    }

    private static void printServeHelp(java.io.PrintStream out) {
        out.println("usage: ballast [serve] [--key=value ...]");
        out.println();
        out.println("Starts the service: REST API under /api/v1, the HA manager loop, and by default an embedded");
        out.println("PostgreSQL and a simulated 3-node cluster. Every setting of docs/operations.md can be given as");
        out.println("--key=value or as an environment variable, for example:");
        out.println("  --server.port=9090                  (BALLAST_PORT)       HTTP port, default 8080");
        out.println("  --server.address=0.0.0.0            (BALLAST_ADDRESS)    listen address, default 127.0.0.1");
        out.println("  --ballast.db.mode=external          (BALLAST_DB_MODE)    embedded (default) or external");
        out.println("  --ballast.cluster.mode=proxmox                           simulated (default) or proxmox");
        out.println("  --logging.structured.format.console=ecs                  JSON logs");
        out.println("Data (embedded database, admin token) lives under $BALLAST_HOME/data.");
        out.println();
        out.println("  -h, --help      this help");
        out.println("  -V, --version   print the version and exit");
    }

    /** "ballast <version>" from the jar's manifest ("dev" when run from classes). */
    static String version() {
        String v = BallastMain.class.getPackage().getImplementationVersion();
        return "ballast " + (v == null ? "dev" : v) + " (Java " + System.getProperty("java.version") + ")";
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
        System.out.println("'ballast serve --help' lists its settings; 'ballast --version' prints the version.");
    }
}
