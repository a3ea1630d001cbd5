package io.ballast.importer;

import io.ballast.rules.cli.CliArgs;
import io.ballast.cli.ServiceClient;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ballast import [--resources resources.cfg] [--rules rules.cfg] [--datacenter datacenter.cfg]
 * [--url http://127.0.0.1:8080] [--dry-run] [--json]}: sends the files to a running Ballast's import API (as an
 * admin, URL and token from {@link ServiceClient}) and prints what it did, what it skipped and every CRS setting
 * the crs: line changes. Exit 0 on success, 1 when Ballast refused the import (nothing was changed; one line per
 * field error), 2 on bad arguments or when Ballast cannot be reached.
 */
public final class ImportCli {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final String USAGE = "usage: ballast import [--resources resources.cfg] [--rules rules.cfg]"
            + " [--datacenter datacenter.cfg] [--url URL] [--dry-run] [--json]";
    private static final String HELP = USAGE + """


            Imports a Proxmox VE HA setup into a running Ballast, in one transaction: resources, then rules, then
            the CRS settings of datacenter.cfg's crs: line. If anything is refused, nothing is stored.
              --resources FILE     /etc/pve/ha/resources.cfg
              --rules FILE         /etc/pve/ha/rules.cfg
              --datacenter FILE    /etc/pve/datacenter.cfg (only its crs: line is read; it sets every CRS
                                   setting, so one it does not name goes back to Proxmox's default: the
                                   changes are listed as warnings)
              --dry-run            check everything and show what would change; store nothing
              --url URL            the service (default: BALLAST_URL, else http://BALLAST_ADDRESS:BALLAST_PORT,
                                   i.e. http://127.0.0.1:8080)
              --json               print Ballast's answer as JSON instead of the summary
            The admin token comes from BALLAST_TOKEN, else the file BALLAST_TOKEN_FILE, else
            $BALLAST_HOME/data/admin.token (never from the command line). Exit 0 imported, 1 refused (nothing
            changed), 2 bad command line or Ballast unreachable.
            """;

    private ImportCli() {
    }

    public static int run(String[] args) {
        return run(args, System.out, System.err, System.getenv());
    }

    @SuppressWarnings("unchecked")
    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        if (CliArgs.wantsHelp(args)) {
            out.print(HELP);
            return 0;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        String url = null;
        boolean json = false;
        try {
            CliArgs cli = new CliArgs(args);
            while (cli.hasNext()) {
                String a = cli.next();
                switch (a) {
                    case "--resources" -> body.put("resources_cfg", read(cli.value(a)));
                    case "--rules" -> body.put("rules_cfg", read(cli.value(a)));
                    case "--datacenter" -> body.put("datacenter_cfg", read(cli.value(a)));
                    case "--url" -> url = cli.value(a);
                    case "--dry-run" -> body.put("dry_run", true);
                    case "--json" -> json = true;
                    default -> throw CliArgs.unknown(a);
                }
            }
            if (body.keySet().stream().noneMatch(k -> k.endsWith("_cfg"))) {
                throw new CliArgs.UsageException("give at least one of --resources, --rules, --datacenter");
            }
        } catch (CliArgs.UsageException e) {
            return CliArgs.fail(err, "import", e.getMessage(), USAGE);
        }
        ServiceClient client = ServiceClient.fromEnvironment(env, url);
        HttpResponse<String> response;
        try {
            response = client.send("POST", "/api/v1/import", JSON.writeValueAsString(body));
        } catch (IOException | IllegalArgumentException e) {
            CliArgs.error(err, "import", "cannot reach Ballast at " + client.url() + ": " + ServiceClient.reason(e));
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 2;
        }
        if (response.statusCode() / 100 != 2) {
            for (String line : ServiceClient.describeRefusal(response.statusCode(), response.body())) {
                CliArgs.error(err, "import", line.startsWith("  ") ? line.strip() : line);
            }
            if (response.statusCode() == 401) {
                CliArgs.error(err, "import", ServiceClient.noTokenHint());
            } else if (response.statusCode() == 400) {
                CliArgs.error(err, "import", "nothing was imported");
            }
            return 1;
        }
        if (json) {
            out.println(response.body());
        }
        Map<String, Object> answer = JSON.readValue(response.body(), Map.class);
        boolean dry = Boolean.TRUE.equals(answer.get("dry_run"));
        if (!json) {
            summary(out, answer, dry);
        }
        for (Object o : (List<Object>) answer.getOrDefault("crs_changes", List.of())) {
            Map<String, Object> c = (Map<String, Object>) o;
            CliArgs.error(err, "import", "warning: " + (dry ? "would change " : "changed ") + c.get("setting")
                    + " from " + c.get("from") + " to " + c.get("to") + warningReason(c));
        }
        return 0;
    }

    @SuppressWarnings("unchecked")
    private static void summary(PrintStream out, Map<String, Object> answer, boolean dry) {
        String verb = dry ? "would create" : "created";
        List<Object> resources = (List<Object>) answer.getOrDefault("created_resources", List.of());
        List<Object> rules = (List<Object>) answer.getOrDefault("created_rules", List.of());
        List<Object> skipped = (List<Object>) answer.getOrDefault("skipped", List.of());
        if (dry) {
            out.println("dry run: checked, nothing stored");
        }
        out.println(verb + " " + resources.size() + " resource(s)" + list(resources));
        out.println(verb + " " + rules.size() + " rule(s)" + list(rules));
        if (answer.get("crs") instanceof Map<?, ?> crs) {
            StringBuilder line = new StringBuilder(dry ? "CRS settings would be:" : "CRS settings now:");
            crs.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
            out.println(line);
        }
        if (!skipped.isEmpty()) {
            out.println("skipped " + skipped.size() + ":");
            skipped.forEach(s -> out.println("  " + s));
        }
    }

    /** Why a setting changes when the line did not ask for it: what operators trip over. */
    private static String warningReason(Map<String, Object> change) {
        if ("ha-auto-rebalance".equals(change.get("setting")) && Boolean.FALSE.equals(change.get("to"))) {
            return ": automatic rebalancing is off after this import (add ha-auto-rebalance=1 to the crs: line"
                    + " to keep it)";
        }
        return "";
    }

    private static String list(List<Object> items) {
        if (items.isEmpty()) {
            return "";
        }
        List<String> shown = items.stream().limit(20).map(String::valueOf).toList();
        return ": " + String.join(", ", shown) + (items.size() > 20 ? ", ... (" + items.size() + " in all)" : "");
    }

    private static String read(String name) {
        Path file = Path.of(name);
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new CliArgs.UsageException(file + ": no such file");
        } catch (IOException e) {
            throw new CliArgs.UsageException(file + ": cannot read (" + ServiceClient.reason(e) + ")");
        }
    }
}
