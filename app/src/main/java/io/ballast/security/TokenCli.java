package io.ballast.security;

import io.ballast.cli.ServiceClient;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ballast token create --name N --role viewer|operator|admin}, {@code ballast token list},
 * {@code ballast token revoke N}: through a running Ballast's token API, as an admin ({@link ServiceClient} says
 * where the admin token comes from). {@code create} prints the new token alone on stdout, once.
 * Exit 0 on success, 1 when Ballast refused, 2 on bad arguments or when Ballast cannot be reached.
 */
public final class TokenCli {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String USAGE = "usage: ballast token create --name NAME --role viewer|operator|admin"
            + " | ballast token list | ballast token revoke NAME   [--url http://127.0.0.1:8080]";

    private TokenCli() {
    }

    public static int run(String[] args) {
        String url = null;
        String name = null;
        String role = null;
        List<String> positional = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--name" -> name = value(args, ++i);
                    case "--role" -> role = value(args, ++i);
                    case "--url" -> url = value(args, ++i);
                    case "-h", "--help" -> {
                        System.out.println(USAGE);
                        return 0;
                    }
                    default -> {
                        if (args[i].startsWith("--")) {
                            throw new IllegalArgumentException("unknown option '" + args[i] + "'");
                        }
                        positional.add(args[i]);
                    }
                }
            }
            if (positional.isEmpty()) {
                throw new IllegalArgumentException("give create, list or revoke");
            }
            ServiceClient client = ServiceClient.fromEnvironment(url);
            return switch (positional.get(0)) {
                case "create" -> {
                    if (name == null || role == null || positional.size() != 1) {
                        throw new IllegalArgumentException("create needs --name and --role");
                    }
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("name", name);
                    body.put("role", role);
                    HttpResponse<String> r = client.send("POST", "/api/v1/tokens", JSON.writeValueAsString(body));
                    if (r.statusCode() != 201) {
                        yield refused(r);
                    }
                    Map<?, ?> created = JSON.readValue(r.body(), Map.class);
                    System.err.println("token '" + created.get("name") + "' (" + created.get("role")
                            + ") created; it is shown only now:");
                    System.out.println(created.get("token"));
                    yield 0;
                }
                case "list" -> {
                    HttpResponse<String> r = client.send("GET", "/api/v1/tokens", null);
                    if (r.statusCode() != 200) {
                        yield refused(r);
                    }
                    System.out.printf("%-24s %-9s %-25s %s%n", "NAME", "ROLE", "CREATED", "BY");
                    for (Object o : JSON.readValue(r.body(), List.class)) {
                        Map<?, ?> t = (Map<?, ?>) o;
                        System.out.printf("%-24s %-9s %-25s %s%n", t.get("name"), t.get("role"), t.get("created_at"),
                                t.get("created_by"));
                    }
                    yield 0;
                }
                case "revoke" -> {
                    String target = positional.size() == 2 ? positional.get(1) : name;
                    if (target == null) {
                        throw new IllegalArgumentException("revoke needs the token's name");
                    }
                    HttpResponse<String> r = client.send("DELETE", "/api/v1/tokens/"
                            + java.net.URLEncoder.encode(target, java.nio.charset.StandardCharsets.UTF_8), null);
                    if (r.statusCode() != 204) {
                        yield refused(r);
                    }
                    System.err.println("token '" + target + "' revoked");
                    yield 0;
                }
                default -> throw new IllegalArgumentException("unknown token command '" + positional.get(0) + "'");
            };
        } catch (IllegalArgumentException e) {
            System.err.println("ballast token: " + e.getMessage());
            System.err.println(USAGE);
            return 2;
        } catch (IOException e) {
            System.err.println("ballast token: cannot reach Ballast (" + e.getMessage() + ")");
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 2;
        }
    }

    private static int refused(HttpResponse<String> r) {
        System.err.println("ballast token: Ballast answered " + r.statusCode() + ": " + r.body());
        if (r.statusCode() == 401) {
            System.err.println("ballast token: " + ServiceClient.noTokenHint());
        }
        return 1;
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }
}
