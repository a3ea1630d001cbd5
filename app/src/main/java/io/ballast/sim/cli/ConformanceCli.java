package io.ballast.sim.cli;

import io.ballast.rules.cli.CliArgs;
import io.ballast.conformance.CaseResult;
import io.ballast.conformance.ConformanceRunner;
import java.io.PrintStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ballast conformance <dir> [--only <glob>] [--json]}: runs every case directory under {@code dir} on
 * the simulated cluster, prints per case its L1/L2 result and the summary line
 * {@code conformance: L1 <pass>/<total>, L2 <pass>/<total>}. Exit 0 when the run completed (even with failed
 * cases), 2 on bad arguments.
 */
public final class ConformanceCli {

    private ConformanceCli() {
    }

    public static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    static final String USAGE = "usage: ballast conformance <dir> [--only <glob>] [--json]";
    private static final String HELP = USAGE + """


            Runs every scenario directory under <dir> on the simulated cluster and prints, per case, whether its
            log matches the expected one exactly (L1) and in its decisions (L2), then the summary line
            'conformance: L1 <pass>/<total>, L2 <pass>/<total>'. Exit 0 when the run completed (also with failed
            cases), 2 on a bad command line. docs/conformance.md.
              --only <glob>   only the cases whose directory name matches, e.g. 'test-crs-*'
              --json          one JSON document with every case instead of the lines
            """;

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (CliArgs.wantsHelp(args)) {
            out.print(HELP);
            return 0;
        }
        Path dir = null;
        PathMatcher only = null;
        boolean json = false;
        try {
            CliArgs cli = new CliArgs(args);
            while (cli.hasNext()) {
                String a = cli.next();
                switch (a) {
                    case "--json" -> json = true;
                    case "--only" -> only = FileSystems.getDefault().getPathMatcher("glob:" + cli.value(a));
                    default -> {
                        if (a.startsWith("-") || dir != null) {
                            throw CliArgs.unknown(a);
                        }
                        dir = Path.of(a);
                    }
                }
            }
            if (dir == null) {
                throw new CliArgs.UsageException("missing case directory");
            }
        } catch (IllegalArgumentException e) {   // a usage problem, or a bad glob
            return CliArgs.fail(err, "conformance", e.getMessage(), USAGE);
        }
        if (!Files.isDirectory(dir)) {
            CliArgs.error(err, "conformance", dir + ": not a directory");
            return 2;
        }
        List<CaseResult> results = new ArrayList<>();
        for (Path caseDir : ConformanceRunner.caseDirs(dir)) {
            if (only != null && !only.matches(caseDir.getFileName())) {
                continue;
            }
            CaseResult r = ConformanceRunner.run(caseDir);
            results.add(r);
            if (!json) {
                out.println(r.line());
                out.flush();
            }
        }
        long l1 = results.stream().filter(CaseResult::l1).count();
        long l2 = results.stream().filter(CaseResult::l2).count();
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("cases", results);
            doc.put("l1_pass", l1);
            doc.put("l2_pass", l2);
            doc.put("total", results.size());
            out.println(JsonMapper.builder().build().writeValueAsString(doc));
        } else {
            out.printf("conformance: L1 %d/%d, L2 %d/%d%n", l1, results.size(), l2, results.size());
        }
        return 0;
    }
}
