package io.ballast.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How the command-line tools reach a running Ballast: {@code BALLAST_URL}, else http://{@code BALLAST_ADDRESS}:{@code
 * BALLAST_PORT} (the same variables the service listens by; default 127.0.0.1:8080, a wildcard address is reached on
 * 127.0.0.1), and a token from {@code BALLAST_TOKEN}, else the file {@code BALLAST_TOKEN_FILE}, else the
 * admin token file of the first start ({@code $BALLAST_HOME/data/admin.token}). Never a token on the command line:
 * other users can read a process's arguments.
 */
public final class ServiceClient {

    private final String url;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private ServiceClient(String url, String token) {
        this.url = url.replaceAll("/+$", "");
        this.token = token;
    }

    public static ServiceClient fromEnvironment(String urlOverride) {
        return fromEnvironment(System.getenv(), urlOverride);
    }

    public static ServiceClient fromEnvironment(Map<String, String> env, String urlOverride) {
        return new ServiceClient(urlOverride != null ? urlOverride : url(env), token(env));
    }

    /** The service's URL as its own settings give it; a listen-on-all address is reached on the loopback. */
    static String url(Map<String, String> env) {
        String url = env.get("BALLAST_URL");
        if (url != null && !url.isBlank()) {
            return url.strip();
        }
        String address = env.getOrDefault("BALLAST_ADDRESS", "127.0.0.1").strip();
        if (address.isEmpty() || address.equals("0.0.0.0") || address.equals("::") || address.equals("[::]")) {
            address = "127.0.0.1";
        } else if (address.contains(":") && !address.startsWith("[")) {
            address = "[" + address + "]";   // an IPv6 literal in a URL
        }
        return "http://" + address + ":" + env.getOrDefault("BALLAST_PORT", "8080").strip();
    }

    /** Why a request did not get through, in words (a refused connection's exception has no message). */
    public static String reason(Exception e) {
        if (e instanceof java.net.ConnectException) {
            return "connection refused: is it running? (BALLAST_URL, or BALLAST_ADDRESS and BALLAST_PORT)";
        }
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "no answer in time";
        }
        if (e instanceof java.nio.channels.UnresolvedAddressException || e.getCause() instanceof
                java.nio.channels.UnresolvedAddressException) {
            return "unknown host";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /**
     * A problem+json refusal as lines a person reads: the status and detail, then one line per field error.
     * A body that is not a problem is shown as it came.
     */
    public static List<String> describeRefusal(int status, String body) {
        List<String> lines = new ArrayList<>();
        Map<?, ?> problem = null;
        try {
            Object parsed = tools.jackson.databind.json.JsonMapper.builder().build().readValue(body, Object.class);
            problem = parsed instanceof Map<?, ?> m ? m : null;
        } catch (RuntimeException e) {
            // not JSON: shown as it came
        }
        if (problem == null) {
            lines.add("refused with HTTP " + status + (body == null || body.isBlank() ? "" : ": " + body.strip()));
            return lines;
        }
        Object type = problem.get("type");
        String kind = type == null ? "" : " " + type.toString().replaceFirst("^/problems/", "");
        List<?> errors = problem.get("errors") instanceof List<?> l ? l : List.of();
        lines.add("refused (" + status + kind + ")" + (!errors.isEmpty() || problem.get("detail") == null ? ""
                : ": " + problem.get("detail")));
        if (!errors.isEmpty()) {
            for (Object o : errors) {
                if (o instanceof Map<?, ?> fe) {
                    lines.add("  " + fe.get("field") + ": " + fe.get("reason"));
                }
            }
        }
        return lines;
    }

    private static String token(Map<String, String> env) {
        String direct = env.get("BALLAST_TOKEN");
        if (direct != null && !direct.isBlank()) {
            return direct.strip();
        }
        Path file = env.containsKey("BALLAST_TOKEN_FILE") ? Path.of(env.get("BALLAST_TOKEN_FILE"))
                : Path.of(env.getOrDefault("BALLAST_HOME", "."), "data", "admin.token");
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            return null;   // the service answers 401 with what to do
        }
    }

    public String url() {
        return url;
    }

    public HttpResponse<String> send(String method, String path, String json) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(60))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** What to tell a user whose request got 401. */
    public static String noTokenHint() {
        return "no valid token: set BALLAST_TOKEN or BALLAST_TOKEN_FILE, or run where $BALLAST_HOME/data/admin.token is readable";
    }
}
