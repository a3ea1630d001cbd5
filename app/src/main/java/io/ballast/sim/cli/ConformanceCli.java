package io.ballast.sim.cli;

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

    static int run(String[] args, PrintStream out, PrintStream err) {
        Path dir = null;
        PathMatcher only = null;
        boolean json = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--json" -> json = true;
                case "--only" -> {
                    if (i + 1 >= args.length) {
                        return usage(err, "--only needs a glob, e.g. 'test-crs-*'");
                    }
                    only = FileSystems.getDefault().getPathMatcher("glob:" + args[++i]);
                }
                default -> {
                    if (args[i].startsWith("-") || dir != null) {
                        return usage(err, "unexpected argument '" + args[i] + "'");
                    }
                    dir = Path.of(args[i]);
                }
            }
        }
        if (dir == null) {
            return usage(err, "missing case directory");
        }
        if (!Files.isDirectory(dir)) {
            err.println("ballast conformance: " + dir + ": not a directory");
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

    private static int usage(PrintStream err, String problem) {
        err.println("ballast conformance: " + problem);
        err.println("usage: ballast conformance <dir> [--only <glob>] [--json]");
        return 2;
    }
}
