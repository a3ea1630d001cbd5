package io.ballast.rules.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.ballast.rules.cli.CliArgs;
import io.ballast.rules.RuleCheckResult;
import io.ballast.rules.RuleCheckers;
import io.ballast.rules.config.NodeAffinityRule;
import io.ballast.rules.config.ResourceAffinityRule;
import io.ballast.rules.config.RuleSet;
import io.ballast.rules.pve.CheckedConfigView;
import io.ballast.rules.pve.CompiledConfigView;
import io.ballast.rules.pve.PveJson;
import io.ballast.rules.pve.RulesCfgParser;

/**
 * {@code ballast rules check [--nodes n1,n2,...] <rules.cfg>}: validates a Proxmox rules file and prints
 * the Log, Config and Compiled Config sections of the conformance kit. Exit 0 = printed, 2 = usage or
 * input error.
 */
public final class RulesCli {

    private RulesCli() {
    }

    public static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    static final String USAGE = "usage: ballast rules check [--nodes n1,n2,...] <rules.cfg>\n"
            + "       ballast rules bench [--resources N] [--nodes M] [--units U] [--json]";
    private static final String CHECK_USAGE = "usage: ballast rules check [--nodes n1,n2,...] <rules.cfg>";
    private static final String HELP = USAGE + """


            Rule tools that run without a service.
              check    validates a Proxmox rules.cfg as Proxmox would and prints the kit's Log, Config and
                       Compiled Config sections (exit 0 printed, 2 unreadable or invalid file)
                --nodes n1,n2,...   the cluster's nodes (default node1,node2,node3)
              bench    times the rule base on a generated cluster (see 'ballast rules bench --help')
            """;

    static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> nodes = List.of("node1", "node2", "node3");
        String file = null;
        if (args.length > 0 && args[0].equals("bench")) {
            return io.ballast.rules.bench.RuleCheckBench.run(Arrays.copyOfRange(args, 1, args.length), out, err);
        }
        if (CliArgs.wantsHelp(args)) {
            out.print(HELP);
            return 0;
        }
        if (args.length == 0 || !args[0].equals("check")) {
            return CliArgs.fail(err, "rules", args.length == 0 ? "give check or bench"
                    : "unknown rules command '" + args[0] + "'", USAGE);
        }
        try {
            CliArgs cli = new CliArgs(Arrays.copyOfRange(args, 1, args.length));
            while (cli.hasNext()) {
                String a = cli.next();
                if (a.equals("--nodes")) {
                    nodes = Arrays.stream(cli.value(a).split(",")).map(String::strip).filter(s -> !s.isEmpty())
                            .sorted().toList();
                } else if (file == null && !a.startsWith("-")) {
                    file = a;
                } else {
                    throw CliArgs.unknown(a);
                }
            }
            if (file == null) {
                throw new CliArgs.UsageException("missing <rules.cfg>");
            }
        } catch (CliArgs.UsageException e) {
            return CliArgs.fail(err, "rules check", e.getMessage(), CHECK_USAGE);
        }
        try {
            byte[] raw = Files.readAllBytes(Path.of(file));
            String name = Path.of(file).getFileName().toString();
            String text = new String(raw, java.nio.charset.StandardCharsets.UTF_8);
            RuleSet rules = RulesCfgParser.parse(name, text);
            RuleCheckResult result = RuleCheckers.defaultChecker().check(rules, nodes, List.of());
            out.println("--- Log ---");
            result.dropped().forEach(d -> out.println("Drop rule '" + d.ruleId() + "', because " + d.reason() + "."));
            result.warnings().forEach(w -> out.println("Warning for rule '" + w.ruleId() + "': " + w.message() + "."));
            out.println("--- Config ---");
            out.println(PveJson.print(CheckedConfigView.of(result.kept(), RulesCfgParser.writtenKeys(name, text),
                    sha1(raw))));
            out.println("--- Compiled Config ---");
            out.println(PveJson.print(CompiledConfigView.of(result.compiled())));
            return 0;
        } catch (IOException e) {
            CliArgs.error(err, "rules check", "cannot read " + file + " (" + e.getClass().getSimpleName()
                    .replace("Exception", "").replace("NoSuchFile", "no such file") + ")");
            return 2;
        } catch (IllegalArgumentException e) {
            CliArgs.error(err, "rules check", e.getMessage());
            return 2;
        }
    }

    static String sha1(byte[] raw) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(raw));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 unavailable", e);
        }
    }
}
