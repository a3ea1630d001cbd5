package io.ballast.security;

import io.ballast.rules.cli.CliArgs;
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
            + " | ballast token list | ballast token revoke NAME   [--url URL]";
    private static final String HELP = """
            usage: ballast token create --name NAME --role viewer|operator|admin [--url URL]
                   ballast token list [--url URL]
                   ballast token revoke NAME [--url URL]

            API tokens of a running Ballast, through its token API as an admin.
              create          a new token; it is printed alone on stdout, once (it cannot be shown again)
                --name NAME   1-64 of letters, digits, . _ @ -
                --role ROLE   viewer (every GET), operator (also commands, maintenance, what-if), admin (all)
              list            the tokens: name, role, creation time and creator (never a secret)
              revoke NAME     the token stops working at once
              --url URL       the service (default: BALLAST_URL, else http://BALLAST_ADDRESS:BALLAST_PORT,
                              i.e. http://127.0.0.1:8080)
            The admin token comes from BALLAST_TOKEN, else the file BALLAST_TOKEN_FILE, else
            $BALLAST_HOME/data/admin.token. Exit 0 done, 1 refused by Ballast, 2 bad command line or unreachable.
            """;

    private TokenCli() {
    }

    public static int run(String[] args) {
        String url = null;
        String name = null;
        String role = null;
        List<String> positional = new java.util.ArrayList<>();
        if (CliArgs.wantsHelp(args)) {
            System.out.print(HELP);
            return 0;
        }
        try {
            CliArgs cli = new CliArgs(args);
            while (cli.hasNext()) {
                String a = cli.next();
                switch (a) {
                    case "--name" -> name = cli.value(a);
                    case "--role" -> role = cli.value(a);
                    case "--url" -> url = cli.value(a);
                    default -> {
                        if (a.startsWith("-")) {
                            throw CliArgs.unknown(a);
                        }
                        positional.add(a);
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
            return CliArgs.fail(System.err, "token", e.getMessage(), USAGE);
        } catch (IOException e) {
            CliArgs.error(System.err, "token", "cannot reach Ballast at " + ServiceClient.fromEnvironment(url).url()
                    + ": " + ServiceClient.reason(e));
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 2;
        }
    }

    private static int refused(HttpResponse<String> r) {
        for (String line : ServiceClient.describeRefusal(r.statusCode(), r.body())) {
            CliArgs.error(System.err, "token", line.strip());
        }
        if (r.statusCode() == 401) {
            CliArgs.error(System.err, "token", ServiceClient.noTokenHint());
        }
        return 1;
    }
}
