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

    static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> nodes = List.of("node1", "node2", "node3");
        String file = null;
        if (args.length > 0 && args[0].equals("bench")) {
            return io.ballast.rules.bench.RuleCheckBench.run(Arrays.copyOfRange(args, 1, args.length), out, err);
        }
        if (args.length == 0 || !args[0].equals("check")) {
            err.println("usage: ballast rules check [--nodes n1,n2,...] <rules.cfg>");
            err.println("       ballast rules bench [--resources N] [--nodes M] [--units U]");
            return 2;
        }
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--nodes") && i + 1 < args.length) {
                nodes = Arrays.stream(args[++i].split(",")).map(String::strip).filter(s -> !s.isEmpty()).sorted().toList();
            } else if (file == null && !args[i].startsWith("--")) {
                file = args[i];
            } else {
                err.println("unexpected argument '" + args[i] + "'");
                return 2;
            }
        }
        if (file == null) {
            err.println("missing <rules.cfg>");
            return 2;
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
            err.println("cannot read " + file + ": " + e.getMessage());
            return 2;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
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
