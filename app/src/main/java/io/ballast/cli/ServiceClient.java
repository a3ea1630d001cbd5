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
import java.util.Map;

/**
 * How the command-line tools reach a running Ballast: {@code BALLAST_URL} (default http://127.0.0.1:8080, or
 * {@code BALLAST_PORT}), and a token from {@code BALLAST_TOKEN}, else the file {@code BALLAST_TOKEN_FILE}, else the
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
        Map<String, String> env = System.getenv();
        String url = urlOverride != null ? urlOverride
                : env.getOrDefault("BALLAST_URL", "http://127.0.0.1:" + env.getOrDefault("BALLAST_PORT", "8080"));
        return new ServiceClient(url, token(env));
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
