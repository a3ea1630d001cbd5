package io.ballast.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.security.EndpointRoles;
import io.ballast.security.EndpointRoles.Entry;
import io.ballast.security.Role;
import io.ballast.testdb.TestAuth;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.type.classreading.CachingMetadataReaderFactory;
import org.springframework.stereotype.Controller;
import org.springframework.util.ClassUtils;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every endpoint × every role × no token, over real HTTP: no token → 401, a role below the endpoint's → 403, the
 * endpoint's role or higher → neither. And the table of {@link EndpointRoles} is complete: a handler method of
 * Ballast without a row (a new endpoint nobody mapped) fails this test, and so does a row without a handler.
 */
class EndpointRoleMatrixTest extends ApiTestBase {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @LocalServerPort
    int port;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** "METHOD pattern" of every handler method in Ballast's own controllers ("* pattern" = any method). */
    private Set<String> handlers() {
        Set<String> found = new LinkedHashSet<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> e : mappings.getHandlerMethods().entrySet()) {
            if (!e.getValue().getBeanType().getName().startsWith("io.ballast.")) {
                continue;   // springdoc's description endpoints: open, outside /api
            }
            Set<RequestMethod> methods = e.getKey().getMethodsCondition().getMethods();
            for (String pattern : e.getKey().getPatternValues()) {
                if (methods.isEmpty()) {
                    found.add("* " + pattern);
                }
                methods.forEach(m -> found.add(m.name() + " " + pattern));
            }
        }
        return found;
    }

    private static String key(Entry e) {
        return (e.method() == null ? "*" : e.method().name()) + " " + e.pattern();
    }

    /**
     * The same, read from the annotations of every controller class in io.ballast, including those this context
     * does not create (the Proxmox mode's).
     */
    static Set<String> declared() throws IOException {
        // read the class files, not Spring's component scan: that would skip controllers whose conditions fail here
        var resolver = new PathMatchingResourcePatternResolver();
        var readers = new CachingMetadataReaderFactory(resolver);
        Set<String> found = new LinkedHashSet<>();
        for (Resource r : resolver.getResources("classpath*:io/ballast/**/*.class")) {
            var reader = readers.getMetadataReader(r);
            if (!reader.getAnnotationMetadata().isAnnotated(Controller.class.getName())
                    || !r.getURL().toString().contains("/classes/")) {
                continue;   // main classes only (not the test tree's)
            }
            Class<?> type = ClassUtils.resolveClassName(reader.getClassMetadata().getClassName(),
                    EndpointRoleMatrixTest.class.getClassLoader());
            RequestMapping base = AnnotatedElementUtils.findMergedAnnotation(type, RequestMapping.class);
            String[] prefixes = base == null || base.path().length == 0 ? new String[] {""} : base.path();
            for (Method m : type.getDeclaredMethods()) {
                RequestMapping rm = AnnotatedElementUtils.findMergedAnnotation(m, RequestMapping.class);
                if (rm == null) {
                    continue;
                }
                String[] paths = rm.path().length == 0 ? new String[] {""} : rm.path();
                for (String prefix : prefixes) {
                    for (String path : paths) {
                        if (rm.method().length == 0) {
                            found.add("* " + prefix + path);
                        }
                        for (RequestMethod method : rm.method()) {
                            found.add(method.name() + " " + prefix + path);
                        }
                    }
                }
            }
        }
        return found;
    }

    @Test
    void everyEndpointHasExactlyOneRowAndEveryRowAnEndpoint() throws IOException {
        List<String> rows = EndpointRoles.TABLE.stream().map(EndpointRoleMatrixTest::key).toList();
        assertThat(rows).as("rows of EndpointRoles.TABLE").doesNotHaveDuplicates();
        Set<String> handlers = handlers();
        assertThat(handlers).as("endpoints of this context without a role in EndpointRoles.TABLE: add a row").isSubsetOf(rows);
        assertThat(handlers).as("sanity: the controllers were found").hasSizeGreaterThan(30);
        Set<String> declared = declared();
        assertThat(declared).as("declared endpoints without a role in EndpointRoles.TABLE: add a row").isSubsetOf(rows);
        assertThat(rows).as("rows of EndpointRoles.TABLE without an endpoint").isSubsetOf(declared);
    }

    @Test
    void everyEndpointRoleAndNoTokenGetsTheAnswerTheTableSays() throws Exception {
        emptyConfiguration();
        Map<Role, String> tokens = new LinkedHashMap<>();
        for (Role r : Role.values()) {
            tokens.put(r, TestAuth.tokenFor(jdbc, "matrix-" + r.id(), r));
        }
        List<String> wrong = new ArrayList<>();
        int calls = 0;
        for (Entry e : EndpointRoles.TABLE) {
            if (e.method() == null) {
                continue;   // the error page: reached by error dispatches only
            }
            String path = concrete(e.pattern());
            String expectNoToken = e.role() == null ? "open" : "401";
            calls++;
            check(wrong, e, path, null, expectNoToken);
            for (Role r : Role.values()) {
                String expect = e.role() == null || r.includes(e.role()) ? "allowed" : "403";
                calls++;
                check(wrong, e, path, tokens.get(r), expect + " (" + r.id() + ")");
            }
        }
        assertThat(wrong).as("answers that disagree with EndpointRoles.TABLE, of " + calls + " calls").isEmpty();
        assertThat(calls).isGreaterThan(150);
    }

    private void check(List<String> wrong, Entry e, String path, String token, String expect) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                // an unknown property: allowed calls are refused by validation and change nothing
                .method(e.method().name(), e.method().name().equals("GET") || e.method().name().equals("DELETE")
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{\"matrix-probe\":1}"));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        int s = r.statusCode();
        boolean ok = expect.startsWith("401") ? s == 401 && r.body().contains("/problems/unauthorized")
                && r.headers().firstValue("WWW-Authenticate").isPresent()
                : expect.startsWith("403") ? s == 403 && r.body().contains("/problems/forbidden")
                : s != 401 && s != 403;
        if (ok && (s == 401 || s == 403)) {
            ok = r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json");
        }
        if (!ok) {
            wrong.add(key(e) + " as " + (token == null ? "no token" : expect) + ": expected " + expect + ", got " + s
                    + " " + r.body());
        }
    }

    /** A path for a pattern: sample values for its variables. */
    static String concrete(String pattern) {
        return pattern.replace("{sid}", "vm:101").replace("{id}", "apart").replace("{node}", "node1")
                .replace("{name}", "nobody").replace("{command:migrate|relocate}", "migrate");
    }
}
