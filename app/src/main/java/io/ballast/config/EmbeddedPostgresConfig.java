package io.ballast.config;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Zero-setup default: a real PostgreSQL started from the jar, data kept under ballast.db.embedded.data-dir. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "ballast.db.mode", havingValue = "embedded", matchIfMissing = true)
class EmbeddedPostgresConfig {

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(@Value("${ballast.db.embedded.data-dir:}") String dataDir,
                                      @Value("${ballast.db.embedded.port:0}") int port) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
        if (!dataDir.isBlank()) {
            Path dir = Path.of(dataDir).toAbsolutePath();
            Files.createDirectories(dir.getParent());
            // keep the data directory: configuration must survive restarts
            builder.setDataDirectory(dir).setCleanDataDirectory(false);
        }
        if (port > 0) {
            builder.setPort(port);
        }
        return builder.start();
    }

    @Bean
    DataSource dataSource(EmbeddedPostgres postgres) {
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl("jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres");
        ds.setUsername("postgres");
        return ds;
    }
}
