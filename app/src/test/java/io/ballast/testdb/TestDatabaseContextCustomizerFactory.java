package io.ballast.testdb;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.restclient.RestTemplateCustomizer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Points every Spring test context at the database {@link TestDatabase} chose: a fresh schema on the external
 * server, or a throw-away embedded cluster, and seeds the tests' admin token ({@link TestAuth}). Registered in META-INF/spring.factories, so no test has to opt in.
 */
public class TestDatabaseContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        return new Customizer();
    }

    /** Equal for all test classes, so contexts stay shared where they were before. */
    static final class Customizer implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            Map<String, Object> props = new HashMap<>();
            if (TestDatabase.mode() == TestDatabase.Mode.EXTERNAL) {
                String schema = TestDatabase.createSchema();
                props.put("ballast.db.mode", "external");
                props.put("spring.datasource.url", TestDatabase.urlFor(schema));
                props.put("spring.datasource.username", TestDatabase.user());
                props.put("spring.datasource.password", System.getProperty("ballast.test.db.password", ""));
                props.put("spring.flyway.schemas", schema);
                props.put("spring.flyway.default-schema", schema);
                props.put("spring.jpa.properties.hibernate.default_schema", schema);
                props.put("ballast.test.db.schema", schema);
            } else {
                props.put("ballast.db.mode", "embedded");
                props.put("ballast.db.embedded.data-dir", "");   // empty: a temporary cluster for this context
            }
            // every cached context keeps its pool: small pools that shrink when idle keep the suite well under the
            // server's max_connections (100) however many contexts the cache holds
            putIfUnset(context, props, "spring.datasource.hikari.maximum-pool-size", "6");
            putIfUnset(context, props, "spring.datasource.hikari.minimum-idle", "1");
            putIfUnset(context, props, "spring.datasource.hikari.idle-timeout", "10000");
            // tests authenticate with a known admin token (TestAuth) and write no admin token file; a test that
            // sets ballast.security.bootstrap-token itself (e.g. empty, to try a first start) keeps its own
            if (!context.getEnvironment().containsProperty("ballast.security.bootstrap-token")) {
                props.put("ballast.security.bootstrap-token", TestAuth.ADMIN_TOKEN);
                props.put("ballast.security.admin-token-file", "");
            }
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("ballast-test-db", props));
            // the shared TestRestTemplate sends the token unless a request brings its own Authorization header
            RestTemplateCustomizer bearer = template -> template.getInterceptors().add((request, body, execution) -> {
                if (!request.getHeaders().containsHeader(HttpHeaders.AUTHORIZATION)) {
                    request.getHeaders().set(HttpHeaders.AUTHORIZATION, TestAuth.header());
                }
                return execution.execute(request, body);
            });
            context.getBeanFactory().registerSingleton("testAuthBearer", bearer);
        }

        private static void putIfUnset(ConfigurableApplicationContext context, Map<String, Object> props, String key,
                                       String value) {
            if (!context.getEnvironment().containsProperty(key)) {
                props.put(key, value);
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Customizer;
        }

        @Override
        public int hashCode() {
            return Customizer.class.hashCode();
        }
    }
}
