package io.ballast.config;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
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
    EmbeddedDatabase embeddedDatabase(@Value("${ballast.db.embedded.data-dir:}") String dataDir,
                                      @Value("${ballast.db.embedded.port:0}") int port) throws IOException {
        return EmbeddedDatabase.start(dataDir.isBlank() ? null : Path.of(dataDir), port);
    }

    @Bean
    DataSource dataSource(EmbeddedDatabase database) {
        HikariDataSource ds = new HikariDataSource();
        // the non-superuser owner of Ballast's database; Flyway migrates as this role too
        ds.setJdbcUrl(database.jdbcUrl());
        ds.setUsername(EmbeddedDatabase.APP_ROLE);
        ds.setPassword(database.appPassword());
        return ds;
    }
}
