package io.ballast.proxmox;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Minimal Proxmox VE REST client ({@code /api2/json}) on java.net.http: API-token authentication, TLS per
 * {@link PveTls}, timeouts, and retries with exponential backoff on 5xx answers and connection errors
 * (never on 4xx: those do not get better by repeating). Reads are retried on any of them, within a deadline
 * when the caller gives one. Actions (POST, PUT) are repeated only when the connection was never established;
 * a timeout or proxy error after the request was sent throws {@link PveAmbiguousException}, because Proxmox may
 * have started the task, and a 500 means Proxmox refused the action. Returns the {@code data} member of each answer.
 */
public class PveClient {

    /** Sleeps between retries; replaceable so tests do not wait. */
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(PveClient.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Answers to an action that mean Proxmox refused it (it ran the handler and said no). */
    private static final java.util.Set<Integer> REFUSED = java.util.Set.of(500, 501);

    private final ProxmoxProperties props;
    private final List<String> bases;
    /** Index of the URL that answered last; sticky so a dead node costs one failed attempt, not one per call. */
    private volatile int current;
    private final String authHeader;
    private final HttpClient http;
    private final Sleeper sleeper;

    public PveClient(ProxmoxProperties props) {
        this(props, d -> Thread.sleep(d.toMillis()));
    }

    public PveClient(ProxmoxProperties props, Sleeper sleeper) {
        props.validate();
        this.props = props;
        this.bases = props.urls().stream().map(u -> u.replaceAll("/+$", "") + "/api2/json").toList();
        this.authHeader = "PVEAPIToken=" + props.tokenId() + "=" + props.secret();
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(props.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1);
        if (props.urls().stream().anyMatch(u -> u.startsWith("https://"))) {
            b.sslContext(PveTls.context(props));
        }
        this.http = b.build();
        this.sleeper = sleeper;
    }

    public JsonNode get(String path) {
        return call("GET", path, null, props.readTimeout(), null, attempts());
    }

    /**
     * A read that gives up at {@code deadline}: each attempt waits at most {@code callTimeout}, backoff and answer
     * included never past the deadline, and no retry starts once the backoff alone would pass it.
     */
    public JsonNode get(String path, Duration callTimeout, Instant deadline) {
        return call("GET", path, null, callTimeout, deadline, attempts());
    }

    /**
     * A read with the observation's limits ({@code observe-timeout} per attempt, {@code observe-budget} in all), for
     * checks between actions that must not stall a round on a node whose API hangs.
     */
    public JsonNode getBounded(String path) {
        return get(path, props.observeTimeout(), Instant.now().plus(props.observeBudget()));
    }

    /** One attempt on the current URL, no retry (a per-node read that may fail without failing the caller). */
    public JsonNode getOnce(String path, Duration timeout) {
        return call("GET", path, null, timeout, null, 1);
    }

    public JsonNode post(String path, Map<String, String> form) {
        return call("POST", path, form, props.readTimeout(), null, attempts());
    }

    public JsonNode put(String path, Map<String, String> form) {
        return call("PUT", path, form, props.readTimeout(), null, attempts());
    }

    /** Every configured URL gets at least one chance. */
    private int attempts() {
        return props.retries() + bases.size();
    }

    private JsonNode call(String method, String path, Map<String, String> form, Duration callTimeout,
                          Instant deadline, int attempts) {
        String body = form == null ? null : encode(form);
        boolean idempotent = method.equals("GET");
        // the node behind the URL forwards /nodes/{node}/... to that node: when only that node fails, the URL is fine
        boolean proxied = path.startsWith("/nodes/");
        Duration backoff = props.retryBackoff();
        PveException last = null;
        for (int attempt = 0; attempt < attempts; attempt++) {
            int index = current;
            Duration timeout = min(props.readTimeout(), callTimeout);
            if (deadline != null) {
                Duration left = Duration.between(Instant.now(), deadline);
                if (left.compareTo(attempt > 0 ? backoff : Duration.ZERO) <= 0) {
                    String why = last == null ? "" : ": " + last.getMessage();
                    throw new PveException(method + " " + path + ": time budget used up after " + attempt
                            + " attempt(s)" + why, last == null ? 0 : last.status(), last == null ? null : last.getCause());
                }
                timeout = min(timeout, attempt > 0 ? left.minus(backoff) : left);
            }
            HttpRequest request = request(bases.get(index) + path, method, body, timeout);
            if (attempt > 0) {
                LOG.debug("retrying {} {} in {} ms (attempt {}): {}", method, path, backoff.toMillis(), attempt + 1,
                        last.getMessage());
                pause(backoff);
                backoff = backoff.multipliedBy(2);
            }
            HttpResponse<String> resp;
            try {
                resp = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                last = new PveException(method + " " + path + " failed: " + describe(e), 0, e);
                boolean notConnected = e instanceof java.net.ConnectException
                        || e instanceof java.net.http.HttpConnectTimeoutException;
                if (notConnected || !proxied) {
                    next(index);
                }
                if (idempotent || notConnected) {
                    continue;
                }
                // the request may have reached Proxmox: repeating it blindly could run the action twice
                throw new PveAmbiguousException(last.getMessage() + " after the request was sent", 0, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PveException(method + " " + path + " interrupted", 0, e);
            }
            int status = resp.statusCode();
            if (status == 401) {
                throw new PveAuthException("Proxmox API rejected token '" + props.tokenId() + "' (401 "
                        + reason(resp) + "): check that it exists, is not expired and that its secret is right");
            }
            if (status >= 500) {
                last = new PveException(method + " " + path + " -> " + status + " " + reason(resp), status);
                if (status != 500 && !proxied) {
                    next(index);
                }
                if (idempotent) {
                    continue;
                }
                // 500 on an action is Proxmox refusing it (missing guest, bad state, ...); a proxy error
                // (502/503/504/595/596) does not say whether the node behind the proxy started it
                if (REFUSED.contains(status)) {
                    throw last;
                }
                throw new PveAmbiguousException(last.getMessage(), status, null);
            }
            if (status >= 400) {
                throw new PveException(method + " " + path + " -> " + status + " " + reason(resp), status);
            }
            return data(resp.body(), method, path);
        }
        throw new PveException(last.getMessage() + " (gave up after " + attempts + " attempts)", last.status(),
                last.getCause());
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private HttpRequest request(String uri, String method, String body, Duration timeout) {
        HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(uri)).timeout(timeout)
                .header("Authorization", authHeader).header("Accept", "application/json");
        if (body == null) {
            rb.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            rb.header("Content-Type", "application/x-www-form-urlencoded")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return rb.build();
    }

    /** Moves on to the next URL unless another thread already did. */
    private synchronized void next(int failed) {
        if (current == failed) {
            current = (failed + 1) % bases.size();
        }
    }

    /** Asks the next configured URL from now on (e.g. the current node is in a minority partition). */
    public void preferNext() {
        next(current);
    }

    ProxmoxProperties properties() {
        return props;
    }

    /** URL used for the next call (tests, status). */
    public String currentUrl() {
        return bases.get(current);
    }

    private void pause(Duration d) {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PveException("interrupted while waiting to retry", 0, e);
        }
    }

    private static JsonNode data(String body, String method, String path) {
        try {
            JsonNode root = JSON.readTree(body == null || body.isBlank() ? "{}" : body);
            return root.path("data");
        } catch (JacksonException e) {
            throw new PveException(method + " " + path + ": answer is not JSON", 0, e);
        }
    }

    /** Proxmox's error text: {@code message} plus field {@code errors} of the JSON body, else the raw body. */
    private static String reason(HttpResponse<String> resp) {
        String b = resp.body() == null ? "" : resp.body().strip();
        try {
            JsonNode root = JSON.readTree(b.isEmpty() ? "{}" : b);
            if (root.hasNonNull("message") || root.hasNonNull("errors")) {
                String msg = root.path("message").asString("").strip();
                if (root.hasNonNull("errors")) {
                    msg = (msg + " " + root.get("errors")).strip();
                }
                b = msg;
            }
        } catch (JacksonException e) {
            // not JSON: keep the raw text
        }
        if (b.length() > 300) {
            b = b.substring(0, 300) + "...";
        }
        return b;
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    private static String encode(Map<String, String> form) {
        StringJoiner j = new StringJoiner("&");
        form.forEach((k, v) -> j.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return j.toString();
    }

    @Override
    public String toString() {
        return "PveClient[" + bases + ", token " + props.tokenId() + "]";
    }
}
