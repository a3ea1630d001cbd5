package io.ballast.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Zero-setup access: a first start without any admin token writes one to the admin token file (owner-only), logs
 * the file's path and never the token, and that token is all a user needs to call the API. Later starts leave it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ballast.security.bootstrap-token=", "ballast.manager.round-period=1h"})
@ExtendWith(OutputCaptureExtension.class)
class AdminTokenFileTest {

    static Path home;

    @DynamicPropertySource
    static void file(DynamicPropertyRegistry registry) throws Exception {
        home = Files.createTempDirectory("ballast-home-");
        registry.add("ballast.security.admin-token-file", () -> home.resolve("data/admin.token").toString());
    }

    @LocalServerPort
    int port;
    @Autowired
    AdminTokenBootstrap bootstrap;
    @Autowired
    TokenService tokens;

    @Test
    void theFirstStartWritesAnOwnerOnlyAdminTokenThatOpensTheApi(CapturedOutput output) throws Exception {
        Path file = home.resolve("data/admin.token");
        assertThat(file).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        String token = Files.readString(file).strip();
        assertThat(TokenFormat.parse(token)).isPresent();
        assertThat(tokens.find("admin")).hasValueSatisfying(t -> assertThat(t.role()).isEqualTo(Role.ADMIN));

        HttpResponse<String> status = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/v1/status")).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(status.statusCode()).isEqualTo(200);

        // a later start finds an admin and changes nothing; the token never reaches the log
        bootstrap.run(null);
        assertThat(Files.readString(file).strip()).isEqualTo(token);
        assertThat(tokens.list()).hasSize(1);
        assertThat(output.getAll()).doesNotContain(token).doesNotContain(token.substring(18));
    }
}
