package io.ballast.importer;

import java.io.IOException;
import io.ballast.cli.ServiceClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ballast import [--resources resources.cfg] [--rules rules.cfg] [--datacenter datacenter.cfg]
 * [--url http://127.0.0.1:8080] [--dry-run]}: sends the files to a running Ballast's import API (as an admin,
 * token from {@link ServiceClient}) and prints its answer. Exit 0 on success, 1 when Ballast refused the import (nothing was changed), 2 on bad arguments or
 * when Ballast cannot be reached.
 */
public final class ImportCli {

    private ImportCli() {
    }

    public static int run(String[] args) {
        Map<String, Object> body = new LinkedHashMap<>();
        String url = null;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--resources" -> body.put("resources_cfg", read(args, ++i));
                    case "--rules" -> body.put("rules_cfg", read(args, ++i));
                    case "--datacenter" -> body.put("datacenter_cfg", read(args, ++i));
                    case "--url" -> url = value(args, ++i);
                    case "--dry-run" -> body.put("dry_run", true);
                    default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
                }
            }
            if (body.keySet().stream().noneMatch(k -> k.endsWith("_cfg"))) {
                throw new IllegalArgumentException("give at least one of --resources, --rules, --datacenter");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("ballast import: " + e.getMessage());
            System.err.println("usage: ballast import [--resources resources.cfg] [--rules rules.cfg]"
                    + " [--datacenter datacenter.cfg] [--url http://127.0.0.1:8080] [--dry-run]");
            return 2;
        }
        ServiceClient client = ServiceClient.fromEnvironment(url);
        try {
            HttpResponse<String> response = client.send("POST", "/api/v1/import",
                    JsonMapper.builder().build().writeValueAsString(body));
            System.out.println(response.body());
            if (response.statusCode() == 401) {
                System.err.println("ballast import: " + ServiceClient.noTokenHint());
            }
            return response.statusCode() / 100 == 2 ? 0 : 1;
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("ballast import: cannot reach Ballast at " + client.url() + " (" + e.getMessage() + ")");
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 2;
        }
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static String read(String[] args, int i) {
        Path file = Path.of(value(args, i));
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read (" + e.getMessage() + ")");
        }
    }
}
