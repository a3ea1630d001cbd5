package io.ballast.sim.cli;

import io.ballast.rules.cli.CliArgs;
import io.ballast.sim.CaseLoadException;
import io.ballast.sim.CaseLoader;
import io.ballast.sim.ManagerRound;
import io.ballast.sim.SimCase;
import io.ballast.sim.WhatIf;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ballast headroom <case-dir> [--json]}: failure headroom (N+1) of a cluster described in the scenario
 * format (nodes, resources where they run, rules, CRS settings), by the same what-ifs as
 * {@code GET /api/v1/headroom}. Exit 0 when every single node failure is survived, 1 when some is not,
 * 2 for bad arguments or a case that cannot be read.
 */
public final class HeadroomCli {

    static final String USAGE = "usage: ballast headroom <case-dir> [--json]";

    private HeadroomCli() {
    }

    public static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (CliArgs.wantsHelp(args)) {
            help(out);
            return 0;
        }
        Path dir = null;
        boolean json = false;
        CliArgs cli = new CliArgs(args);
        try {
            while (cli.hasNext()) {
                String a = cli.next();
                if (a.equals("--json")) {
                    json = true;
                } else if (a.startsWith("-") || dir != null) {
                    throw CliArgs.unknown(a);
                } else {
                    dir = Path.of(a);
                }
            }
            if (dir == null) {
                throw new CliArgs.UsageException("missing <case-dir>");
            }
        } catch (CliArgs.UsageException e) {
            return CliArgs.fail(err, "headroom", e.getMessage(), USAGE);
        }
        SimCase now;
        try {
            now = CaseLoader.load(dir);
        } catch (CaseLoadException e) {
            CliArgs.error(err, "headroom", e.getMessage());
            return 2;
        }
        SimCase state = now;
        Map<String, Object> report = WhatIf.headroom(new ArrayList<>(now.nodes().keySet()), events -> {
            List<String> questions = WhatIf.questions(state, events);
            return WhatIf.answer(state, questions, WhatIf.run(state, questions, ManagerRound.CORE, () -> false));
        });
        if (json) {
            out.println(JsonMapper.builder().build().writeValueAsString(report));
        } else {
            print(report, out);
        }
        return Boolean.TRUE.equals(report.get("n_plus_1")) ? 0 : 1;
    }

    private static void help(PrintStream out) {
        out.println(USAGE);
        out.println();
        out.println("For each node of the cluster in <case-dir> (the scenario format of docs/scenarios.md: hardware_status,");
        out.println("manager_status, service_config, rules_config, datacenter.cfg, usage stats), as GET /api/v1/headroom does:");
        out.println("  fail         the HA resources its failure would leave down, the moves, the imbalance after recovery");
        out.println("  maintenance  the resources its maintenance could not move off it");
        out.println("The case's cmdlist is not used: every node is powered on, the cluster settles, then each event is asked.");
        out.println();
        out.println("  --json       print the API's JSON instead of the table");
        out.println("  -h, --help   this help");
        out.println("Exit 0: every single node failure is survived (N+1); 1: some is not; 2: bad arguments or case.");
    }

    @SuppressWarnings("unchecked")
    private static void print(Map<String, Object> report, PrintStream out) {
        out.printf("%-12s %-28s %6s %10s   %-28s %6s%n", "node", "fail: not recovered", "moves", "imbalance",
                "maintenance: not moved", "moves");
        ((Map<String, Object>) report.get("nodes")).forEach((node, value) -> {
            Map<String, Object> row = (Map<String, Object>) value;
            Map<String, Object> fail = (Map<String, Object>) row.get("fail");
            Map<String, Object> maintenance = (Map<String, Object>) row.get("maintenance");
            Object imbalance = fail.get("imbalance_after");
            out.printf("%-12s %-28s %6s %10s   %-28s %6s%n", node, list(fail.get("not_recovered")), fail.get("moves"),
                    imbalance == null ? "-" : String.format("%.3f", ((Number) imbalance).doubleValue()),
                    list(maintenance.get("not_moved")), maintenance.get("moves"));
        });
        List<String> lost = (List<String>) report.get("failures_not_survived");
        out.println(lost.isEmpty() ? "N+1: yes, every single node failure is survived"
                : "N+1: no, the failure of " + String.join(", ", lost) + " leaves HA resources down");
    }

    private static String list(Object sids) {
        List<?> l = (List<?>) sids;
        return l.isEmpty() ? "-" : String.join(",", l.stream().map(String::valueOf).toList());
    }
}
