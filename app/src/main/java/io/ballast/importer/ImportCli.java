package io.ballast.importer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ballast import [--resources resources.cfg] [--rules rules.cfg] [--datacenter datacenter.cfg]
 * [--url http://localhost:8080] [--dry-run]}: sends the files to a running Ballast's import API and prints its
 * answer. Exit 0 on success, 1 when Ballast refused the import (nothing was changed), 2 on bad arguments or
 * when Ballast cannot be reached.
 */
public final class ImportCli {

    private ImportCli() {
    }

    public static int run(String[] args) {
        Map<String, Object> body = new LinkedHashMap<>();
        String url = System.getenv().getOrDefault("BALLAST_URL", "http://localhost:8080");
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
                    + " [--datacenter datacenter.cfg] [--url http://localhost:8080] [--dry-run]");
            return 2;
        }
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + "/api/v1/import"))
                    .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JsonMapper.builder().build().writeValueAsString(body)))
                    .build();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            System.out.println(response.body());
            return response.statusCode() / 100 == 2 ? 0 : 1;
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("ballast import: cannot reach Ballast at " + url + " (" + e.getMessage() + ")");
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
