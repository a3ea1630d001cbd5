package io.ballast.security;

import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The one table of who may call what. Every handler method of Ballast's controllers has exactly one row here,
 * with the pattern as written on its mapping ({@code EndpointRoleMatrixTest} fails on an endpoint without one);
 * a request under {@code /api} that matches no row is refused to everyone.
 */
public final class EndpointRoles {

    /** One endpoint: {@code method} null = any method; {@code role} null = open without a token. */
    public record Entry(HttpMethod method, String pattern, Role role) {
    }

    private record Parsed(Entry entry, PathPattern pattern) {
        boolean matches(HttpMethod m, PathContainer path) {
            return (entry.method() == null || entry.method().equals(m)) && pattern.matches(path);
        }
    }

    private static final HttpMethod GET = HttpMethod.GET;
    private static final HttpMethod POST = HttpMethod.POST;
    private static final HttpMethod PUT = HttpMethod.PUT;
    private static final HttpMethod DELETE = HttpMethod.DELETE;
    private static final Role VIEWER = Role.VIEWER;
    private static final Role OPERATOR = Role.OPERATOR;
    private static final Role ADMIN = Role.ADMIN;

    public static final List<Entry> TABLE = List.of(
            // status and explanations
            new Entry(GET, "/api/v1/status", VIEWER),
            new Entry(GET, "/api/v1/nodes", VIEWER),
            new Entry(GET, "/api/v1/commands", VIEWER),
            new Entry(GET, "/api/v1/proxmox", VIEWER),
            new Entry(GET, "/api/v1/sim/log", VIEWER),
            new Entry(GET, "/api/v1/resources/{sid}/placement", VIEWER),
            new Entry(GET, "/api/v1/status/history", VIEWER),
            new Entry(GET, "/api/v1/audit", VIEWER),
            // configuration: read by viewers, written by admins
            new Entry(GET, "/api/v1/resources", VIEWER),
            new Entry(GET, "/api/v1/resources/{sid}", VIEWER),
            new Entry(POST, "/api/v1/resources", ADMIN),
            new Entry(PUT, "/api/v1/resources/{sid}", ADMIN),
            new Entry(DELETE, "/api/v1/resources/{sid}", ADMIN),
            new Entry(GET, "/api/v1/rules", VIEWER),
            new Entry(GET, "/api/v1/rules/{id}", VIEWER),
            new Entry(POST, "/api/v1/rules", ADMIN),
            new Entry(PUT, "/api/v1/rules/{id}", ADMIN),
            new Entry(DELETE, "/api/v1/rules/{id}", ADMIN),
            new Entry(GET, "/api/v1/crs", VIEWER),
            new Entry(PUT, "/api/v1/crs", ADMIN),
            new Entry(POST, "/api/v1/import", ADMIN),
            new Entry(GET, "/api/v1/rule-base", VIEWER),
            new Entry(POST, "/api/v1/rule-base/reload", ADMIN),
            // operating the cluster
            new Entry(POST, "/api/v1/resources/{sid}/{command:migrate|relocate}", OPERATOR),
            new Entry(POST, "/api/v1/resources/{sid}/stop", OPERATOR),
            new Entry(POST, "/api/v1/nodes/{node}/maintenance", OPERATOR),
            new Entry(DELETE, "/api/v1/nodes/{node}/maintenance", OPERATOR),
            // confirming a node powered off lets the manager recover its guests: an operator's call, like fencing
            new Entry(POST, "/api/v1/nodes/{node}/fenced", OPERATOR),
            new Entry(DELETE, "/api/v1/nodes/{node}/fenced", OPERATOR),
            new Entry(POST, "/api/v1/status/disarm-ha", OPERATOR),
            new Entry(POST, "/api/v1/status/arm-ha", OPERATOR),
            // rebalancing proposals (automation level partial/manual): read by viewers, decided by operators
            new Entry(GET, "/api/v1/proposals", VIEWER),
            new Entry(GET, "/api/v1/proposals/{id}", VIEWER),
            new Entry(POST, "/api/v1/proposals/{id}/apply", OPERATOR),
            new Entry(POST, "/api/v1/proposals/{id}/dismiss", OPERATOR),
            new Entry(POST, "/api/v1/what-if", OPERATOR),
            // runs a what-if per node and event: as heavy as what-if, so the same role
            new Entry(GET, "/api/v1/headroom", OPERATOR),
            new Entry(POST, "/api/v1/sim/nodes/{node}/power", OPERATOR),
            new Entry(POST, "/api/v1/sim/nodes/{node}/network", OPERATOR),
            new Entry(POST, "/api/v1/sim/resources/{sid}/fail", OPERATOR),
            new Entry(POST, "/api/v1/sim/resources/{sid}/usage", OPERATOR),
            // tokens
            new Entry(GET, "/api/v1/tokens", ADMIN),
            new Entry(POST, "/api/v1/tokens", ADMIN),
            new Entry(DELETE, "/api/v1/tokens/{name}", ADMIN),
            // browser sessions: logging in needs a token in the body, not a role
            new Entry(POST, "/api/v1/session", null),
            new Entry(GET, "/api/v1/session", VIEWER),
            new Entry(DELETE, "/api/v1/session", VIEWER),
            // the container's error page (problem+json), reached by error dispatches
            new Entry(null, "/error", null));

    private static final List<Parsed> PARSED = TABLE.stream()
            .map(e -> new Parsed(e, PathPatternParser.defaultInstance.parse(e.pattern()))).toList();

    /** What a request needs: a role, or nothing (open). */
    public record Need(Role role) {
        public boolean open() {
            return role == null;
        }
    }

    private EndpointRoles() {
    }

    /** The web console's static files: its page, its modules and styles, and the chart library's webjar. */
    static boolean isConsole(String path) {
        return path.equals("/") || path.equals("/index.html")
                || path.startsWith("/console/") || path.startsWith("/webjars/uplot/");
    }

    /** The row for a request, by method and path within the application; empty when none matches. */
    public static Optional<Entry> lookup(String method, String path) {
        HttpMethod m = HttpMethod.valueOf(method);
        PathContainer p = PathContainer.parsePath(path);
        // the most specific row, as Spring MVC picks its handler: ".../{sid}/stop" before ".../{sid}/{command:...}"
        return PARSED.stream().filter(e -> e.matches(m, p))
                .min((a, b) -> PathPattern.SPECIFICITY_COMPARATOR.compare(a.pattern(), b.pattern()))
                .map(Parsed::entry);
    }

    /**
     * What a request needs. HEAD is a GET. Under /api a request that matches no row (only possible for a path or
     * method Spring MVC answers 404 or 405, since every handler has a row) needs a token of any role, so that
     * nothing about the API is answered without one. Outside /api: health, the API description and the web
     * console's static files (GET only; the console signs in through {@code POST /api/v1/session}) are open, the
     * rest of Actuator needs a viewer.
     */
    public static Need need(String method, String path) {
        String m = "HEAD".equals(method) ? "GET" : method;
        Optional<Entry> entry = lookup(m, path);
        if (entry.isPresent()) {
            return new Need(entry.get().role());
        }
        if (path.equals("/actuator/health") || path.startsWith("/actuator/health/")
                || path.equals("/v3/api-docs") || path.startsWith("/v3/api-docs/")
                || path.startsWith("/swagger-ui/") || path.equals("/swagger-ui.html")) {
            return new Need(null);
        }
        if ("GET".equals(m) && isConsole(path)) {
            return new Need(null);
        }
        return new Need(Role.VIEWER);
    }
}
