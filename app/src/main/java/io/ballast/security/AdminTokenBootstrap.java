package io.ballast.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Zero-setup access: on a start with no admin token, creates one and writes it to the admin token file, readable
 * by the service's user only. The log names the file, never the token.
 */
@Component
class AdminTokenBootstrap implements ApplicationRunner {

    private static final Logger LOG = LoggerFactory.getLogger(AdminTokenBootstrap.class);

    private final TokenService tokens;
    private final SecurityProperties properties;
    private final Environment environment;

    AdminTokenBootstrap(TokenService tokens, SecurityProperties properties, Environment environment) {
        this.tokens = tokens;
        this.properties = properties;
        this.environment = environment;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!properties.bootstrapToken().isEmpty()) {
            tokens.ensure(properties.bootstrapToken(), "bootstrap", Role.ADMIN);
            LOG.warn("admin token 'bootstrap' seeded from ballast.security.bootstrap-token (meant for tests only)");
        }
        if (tokens.anyAdmin()) {
            return;
        }
        if (properties.adminTokenFile().isEmpty()) {
            LOG.warn("no admin token exists and ballast.security.admin-token-file is empty: nobody can call the API");
            return;
        }
        Path file = Path.of(properties.adminTokenFile()).toAbsolutePath().normalize();
        String name = tokens.find("admin").isPresent() ? "admin-" + TokenFormat.newId().substring(0, 6) : "admin";
        TokenService.Issued issued = tokens.create(name, Role.ADMIN);
        try {
            write(file, issued.token());
        } catch (RuntimeException e) {
            tokens.revoke(name);   // a token nobody can read would stop the next start from making one
            throw e;
        }
        LOG.info("created admin token '{}'; it is in {} (readable by this user only). Try:"
                + " curl -H \"Authorization: Bearer $(cat {})\" http://127.0.0.1:{}/api/v1/status",
                name, file, file, environment.getProperty("local.server.port", "8080"));
    }

    /** Created owner-only before the token is written, so it is never readable by others, not even briefly. */
    static void write(Path file, String token) {
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
            if (posix) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
            Files.writeString(file, token + "\n", StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the admin token file " + file, e);
        }
    }
}
