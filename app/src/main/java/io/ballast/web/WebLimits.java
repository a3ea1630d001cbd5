package io.ballast.web;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Input bounds and bounded work at the edge of the service (docs/security.md, docs/api.md#limits). */
@Configuration(proxyBeanMethods = false)
class WebLimits implements WebMvcConfigurer {

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new PathBounds()).excludePathPatterns("/error");
    }

    @Bean
    FilterRegistrationBean<BodySizeLimit> bodySizeLimit(@Value("${ballast.http.max-body-size:1MB}") DataSize max) {
        FilterRegistrationBean<BodySizeLimit> bean = new FilterRegistrationBean<>(new BodySizeLimit(max.toBytes()));
        bean.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return bean;
    }

    @Bean
    FilterRegistrationBean<ConcurrencyLimit> whatIfLimit(@Value("${ballast.what-if.max-concurrent:1}") int max,
                                                         @Value("${ballast.what-if.retry-after:5s}") Duration retryAfter) {
        // headroom runs what-ifs: both share the one limit
        FilterRegistrationBean<ConcurrencyLimit> bean = limit("what-if", "/api/v1/what-if", max, retryAfter);
        bean.addUrlPatterns("/api/v1/headroom");
        return bean;
    }

    @Bean
    FilterRegistrationBean<ConcurrencyLimit> importLimit(@Value("${ballast.import.max-concurrent:1}") int max,
                                                         @Value("${ballast.import.retry-after:5s}") Duration retryAfter) {
        return limit("import", "/api/v1/import", max, retryAfter);
    }

    @Bean
    FilterRegistrationBean<ConcurrencyLimit> ruleBaseReloadLimit(
            @Value("${ballast.rules.reload.max-concurrent:1}") int max,
            @Value("${ballast.rules.reload.retry-after:5s}") Duration retryAfter) {
        return limit("rule-base reload", "/api/v1/rule-base/reload", max, retryAfter);
    }

    /**
     * After Spring Security's chain: only an authorized caller takes a permit, so a flood of anonymous POSTs
     * can neither hold the endpoint busy for an admin nor learn that it is busy (they get 401 first).
     */
    private static FilterRegistrationBean<ConcurrencyLimit> limit(String what, String path, int max, Duration retryAfter) {
        FilterRegistrationBean<ConcurrencyLimit> bean = new FilterRegistrationBean<>(
                new ConcurrencyLimit(what, Math.max(1, max), Math.max(1, retryAfter.toSeconds())));
        bean.setName(what + " concurrency limit");
        bean.addUrlPatterns(path);
        bean.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER + 10);
        return bean;
    }

    /** Tomcat answers refused request lines itself, before any filter: with problem+json too. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof org.apache.catalina.core.StandardHost host) {
                host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
            }
        });
    }
}
