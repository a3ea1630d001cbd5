package io.ballast.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.testdb.TestAuth;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * HTTPS on Ballast's own port as deploy/ documents it: {@code deploy/make-self-signed-cert.sh} makes the key store
 * (password in an owner-only file, never on a command line), {@code deploy/application-tls.yml} is the
 * configuration. A client that trusts the certificate gets health and the API; plain HTTP on that port gets no
 * answer from the application, and a session cookie set over TLS is Secure.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ballast.manager.round-period=1h",
                "spring.config.additional-location=file:../deploy/application-tls.yml"})
@DirtiesContext
class ApiTlsTest {

    static Path tls;

    @DynamicPropertySource
    static void certificate(DynamicPropertyRegistry registry) throws Exception {
        tls = Files.createTempDirectory("ballast-tls-").resolve("tls");
        ProcessBuilder script = new ProcessBuilder("bash", "../deploy/make-self-signed-cert.sh", tls.toString())
                .redirectErrorStream(true);
        script.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = script.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        registry.add("BALLAST_TLS_DIR", tls::toString);
        // what systemd's LoadCredential + configtree do in production: the file's content is the property
        String password = Files.readString(tls.resolve("keystore-password"));
        registry.add("server.ssl.key-store-password", () -> password);
    }

    @LocalServerPort
    int port;

    @Test
    void theScriptWritesOwnerOnlySecretsAndThePasswordNeverReachesItsOutput() throws Exception {
        assertThat(perms(tls)).isEqualTo("rwx------");
        assertThat(perms(tls.resolve("ballast.p12"))).isEqualTo("rw-------");
        assertThat(perms(tls.resolve("keystore-password"))).isEqualTo("rw-------");
        assertThat(Files.readString(tls.resolve("keystore-password"))).hasSize(43).doesNotContain("\n");
        assertThat(Files.readString(tls.resolve("ballast.crt"))).startsWith("-----BEGIN CERTIFICATE-----");
    }

    @Test
    void httpsAnswersForAClientThatTrustsTheCertificate() throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(trusting(tls.resolve("ballast.crt"))).build();
        HttpResponse<String> health = client.send(HttpRequest.newBuilder(
                URI.create("https://127.0.0.1:" + port + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"UP\"");
        assertThat(health.sslSession()).hasValueSatisfying(s -> assertThat(s.getProtocol()).isIn("TLSv1.3", "TLSv1.2"));

        HttpResponse<String> status = client.send(TestAuth.bearer(HttpRequest.newBuilder(
                URI.create("https://127.0.0.1:" + port + "/api/v1/status"))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(status.statusCode()).isEqualTo(200);

        // the login over TLS sets a cookie the browser will only send back over TLS
        HttpResponse<String> login = client.send(HttpRequest.newBuilder(
                URI.create("https://127.0.0.1:" + port + "/api/v1/session")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + TestAuth.ADMIN_TOKEN + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        assertThat(login.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c).contains("JSESSIONID")
                .contains("Secure").contains("HttpOnly"));
    }

    @Test
    void plainHttpOnTheSamePortGetsNoAnswerFromBallast() throws Exception {
        String answer;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("GET /actuator/health HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            answer = readAll(socket.getInputStream());
        }
        // Tomcat answers a bare 400 ("This combination of host and port requires TLS") or closes; never the health
        assertThat(answer).doesNotContain("UP").doesNotContain("HTTP/1.1 200");
        if (!answer.isEmpty()) {
            assertThat(answer).startsWith("HTTP/1.1 400");
        }
        // and a client that insists on http:// gets nothing useful either
        HttpClient plain = HttpClient.newHttpClient();
        try {
            HttpResponse<String> r = plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).doesNotContain("UP");
        } catch (java.io.IOException refused) {
            // closed without an answer: refused as well
        }
    }

    private static SSLContext trusting(Path certificate) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            trust.setCertificateEntry("ballast",
                    (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    private static String readAll(InputStream in) throws java.io.IOException {
        StringBuilder out = new StringBuilder();
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
            }
        } catch (SocketTimeoutException | java.net.SocketException e) {
            // what came before the timeout or reset is the answer
        }
        return out.toString();
    }

    private static String perms(Path p) throws java.io.IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
