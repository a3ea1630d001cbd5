package io.ballast.proxmox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The API client against the fake server: auth header, retries, timeouts, TLS trust, secret hygiene. */
class PveClientTest {

    private final List<Duration> sleeps = new ArrayList<>();

    private PveClient client(ProxmoxProperties p) {
        return new PveClient(p, sleeps::add);
    }

    @Test
    void sendsTokenHeaderAndUnwrapsData() throws Exception {
        try (FakePve pve = FakePve.threeNodes()) {
            JsonNode status = client(pve.props()).get("/cluster/status");

            assertThat(status.isArray()).isTrue();
            assertThat(status.get(0).path("quorate").asInt()).isEqualTo(1);
            assertThat(pve.authHeaders).containsExactly("PVEAPIToken=ballast@pve!ha=" + pve.secret());
        }
    }

    @Test
    void retries5xxBurstWithDoublingBackoff() throws Exception {
        try (FakePve pve = FakePve.threeNodes()) {
            pve.fail5xx.set(2);

            JsonNode nodes = client(pve.props()).get("/nodes");

            assertThat(nodes.size()).isEqualTo(3);
            assertThat(pve.authHeaders).hasSize(3);
            assertThat(sleeps).containsExactly(Duration.ofMillis(1), Duration.ofMillis(2));
        }
    }

    @Test
    void givesUpAfterConfiguredRetriesOn5xx() throws Exception {
        try (FakePve pve = FakePve.threeNodes()) {
            pve.fail5xx.set(10);

            assertThatThrownBy(() -> client(pve.props()).get("/nodes"))
                    .isInstanceOf(PveException.class)
                    .hasMessageContaining("GET /nodes -> 500")
                    .hasMessageContaining("gave up after 4 attempts");
            assertThat(pve.authHeaders).hasSize(4);
        }
    }

    @Test
    void doesNotRetry4xx() throws Exception {
        try (FakePve pve = FakePve.threeNodes()) {
            assertThatThrownBy(() -> client(pve.props()).get("/cluster/resources?type=bogus"))
                    .isInstanceOfSatisfying(PveException.class, e -> assertThat(e.status()).isEqualTo(400));
            assertThat(pve.authHeaders).hasSize(1);
            assertThat(sleeps).isEmpty();
        }
    }

    @Test
    void actionsAreRepeatedOnlyWhenTheRequestNeverLeft() throws Exception {
        try (FakePve pve = FakePve.threeNodes()) {
            pve.addGuest(100, "qemu", "pve1", false, 2, FakePve.GIB);
            // 500 on an action: Proxmox refused it; repeating could only repeat the refusal (or run it twice)
            assertThatThrownBy(() -> client(pve.props()).post("/nodes/pve1/qemu/999/status/start", Map.of()))
                    .isInstanceOfSatisfying(PveException.class, e -> assertThat(e.status()).isEqualTo(500))
                    .isNotInstanceOf(PveAmbiguousException.class)
                    .hasMessageContaining("does not exist");
            // a proxy error after the request was sent: Proxmox may have started it, so the client does not repeat it
            for (int status : new int[] {502, 503, 504, 595, 596}) {
                pve.burstStatus = status;
                pve.fail5xx.set(1);
                assertThatThrownBy(() -> client(pve.props()).post("/nodes/pve1/qemu/100/status/start", Map.of()))
                        .isInstanceOfSatisfying(PveAmbiguousException.class,
                                e -> assertThat(e.status()).isEqualTo(status));
            }
            assertThat(sleeps).isEmpty();
            assertThat(pve.authHeaders).hasSize(6);
        }
        // connection refused: the request never left, so the next URL gets it
        String dead;
        try (FakePve gone = FakePve.threeNodes()) {
            dead = gone.url();
        }
        try (FakePve pve = FakePve.threeNodes()) {
            pve.addGuest(100, "qemu", "pve1", false, 2, FakePve.GIB);
            ProxmoxProperties p = ProxmoxProperties.of(dead + "," + pve.url(), FakePve.TOKEN_ID, pve.secret())
                    .withPlainHttp(true).withTiming(Duration.ofSeconds(2), 0, Duration.ofMillis(1), Duration.ofMillis(1));

            assertThat(client(p).post("/nodes/pve1/qemu/100/status/start", Map.of()).asString()).startsWith("UPID:pve1:");
            assertThat(pve.actions()).containsExactly("POST /nodes/pve1/qemu/100/status/start");
        }
    }

    @Test
    void timeoutAfterSendingAnActionIsAmbiguous() throws Exception {
        try (FakePve pve = FakePve.threeNodes()) {
            pve.addGuest(100, "qemu", "pve1", false, 2, FakePve.GIB);
            pve.delayMillis = 300;
            ProxmoxProperties p = pve.props().withTiming(Duration.ofMillis(50), 3, Duration.ofMillis(1),
                    Duration.ofMillis(1));

            assertThatThrownBy(() -> client(p).post("/nodes/pve1/qemu/100/status/start", Map.of()))
                    .isInstanceOf(PveAmbiguousException.class).hasMessageContaining("HttpTimeoutException")
                    .hasMessageContaining("after the request was sent");
            assertThat(sleeps).isEmpty();
        }
    }

    @Test
    void readsWithABudgetStopRetryingWhenItIsUsedUp() throws Exception {
        try (FakePve pve = FakePve.threeNodes()) {
            pve.fail5xx.set(100);
            ProxmoxProperties p = pve.props().withTiming(Duration.ofSeconds(5), 1000, Duration.ofMillis(20),
                    Duration.ofMillis(1));
            // a real sleeper: the budget is spent waiting between retries
            PveClient c = new PveClient(p, d -> Thread.sleep(d.toMillis()));

            assertThatThrownBy(() -> c.get("/nodes", Duration.ofSeconds(1), java.time.Instant.now().plusMillis(150)))
                    .isInstanceOf(PveException.class).hasMessageContaining("time budget used up")
                    // the last attempt is cut to what is left of the budget: on a busy host it may time out
                    .hasMessageMatching("(?s).*(-> 500|request timed out).*");
            // backoff sleeps of 20, 40, 80 ms leave no room for a fifth attempt in 150 ms (1000 retries allowed)
            assertThat(pve.authHeaders).hasSizeBetween(1, 4);
        }
    }

    @Test
    void expiredTokenGivesClearAuthErrorWithoutSecretAndWithoutRetry() throws Exception {
        try (FakePve pve = FakePve.threeNodes()) {
            pve.validSecret = "another-secret";

            assertThatThrownBy(() -> client(pve.props()).get("/nodes"))
                    .isInstanceOf(PveAuthException.class)
                    .hasMessageContaining("rejected token 'ballast@pve!ha'")
                    .hasMessageContaining("expired")
                    .satisfies(e -> assertThat(e.toString()).doesNotContain(pve.secret()));
            assertThat(pve.authHeaders).hasSize(1);
        }
    }

    @Test
    void slowAnswerTimesOutAndIsRetriedThenReported() throws Exception {
        try (FakePve pve = FakePve.threeNodes()) {
            pve.delayMillis = 400;
            ProxmoxProperties p = pve.props().withTiming(Duration.ofMillis(100), 1, Duration.ofMillis(1),
                    Duration.ofMillis(1));

            assertThatThrownBy(() -> client(p).get("/nodes"))
                    .isInstanceOf(PveException.class)
                    .hasMessageContaining("HttpTimeoutException")
                    .hasMessageContaining("gave up after 2 attempts")
                    .satisfies(e -> assertThat(((PveException) e).status()).isZero());
        }
    }

    @Test
    void connectionErrorIsRetried() throws Exception {
        String url;
        try (FakePve pve = FakePve.threeNodes()) {
            url = pve.url();
        }
        ProxmoxProperties p = ProxmoxProperties.of(url, FakePve.TOKEN_ID, "secret").withPlainHttp(true)
                .withTiming(Duration.ofSeconds(1), 2, Duration.ofMillis(3), Duration.ofMillis(1));

        assertThatThrownBy(() -> client(p).get("/nodes")).isInstanceOf(PveException.class)
                .hasMessageContaining("gave up after 3 attempts");
        assertThat(sleeps).containsExactly(Duration.ofMillis(3), Duration.ofMillis(6));
    }

    @Test
    void failsOverToTheNextNodeUrlAndStaysThere() throws Exception {
        String dead;
        try (FakePve gone = FakePve.threeNodes()) {
            dead = gone.url();
        }
        try (FakePve pve = FakePve.threeNodes()) {
            ProxmoxProperties p = ProxmoxProperties.of(dead + ", " + pve.url(), FakePve.TOKEN_ID, pve.secret())
                    .withPlainHttp(true)
                    .withTiming(Duration.ofSeconds(2), 0, Duration.ofMillis(1), Duration.ofMillis(1));
            PveClient c = client(p);

            assertThat(c.get("/nodes").size()).isEqualTo(3);
            assertThat(c.get("/cluster/status").size()).isEqualTo(4);

            assertThat(c.currentUrl()).startsWith(pve.url());
            assertThat(sleeps).as("one failed attempt on the dead node, then sticky").hasSize(1);
            assertThat(pve.requests()).containsExactly("GET /nodes", "GET /cluster/status");
        }
    }

    @Test
    void secretNeverInToStringExceptionsOrLogs() throws Exception {
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger("io.ballast.proxmox");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
                new ch.qos.logback.core.read.ListAppender<>();
        appender.start();
        ch.qos.logback.classic.Level level = logger.getLevel();
        logger.setLevel(ch.qos.logback.classic.Level.TRACE);
        logger.addAppender(appender);
        String secret;
        try (FakePve pve = FakePve.threeNodes()) {
            secret = pve.secret();
            pve.fail5xx.set(1);
            PveClient c = client(pve.props());
            c.get("/nodes");
            pve.fail5xx.set(10);
            Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> c.get("/nodes"));
            pve.validSecret = "rotated";
            Throwable auth = org.assertj.core.api.Assertions.catchThrowable(() -> c.get("/nodes"));

            assertThat(pve.props().toString()).contains("secret=***").doesNotContain(secret);
            assertThat(c.toString()).doesNotContain(secret);
            assertThat(t.toString()).doesNotContain(secret);
            assertThat(auth).isInstanceOf(PveAuthException.class);
            assertThat(auth.toString()).doesNotContain(secret);
        } finally {
            logger.detachAppender(appender);
            logger.setLevel(level);
        }
        // the retries were logged (so the check below looks at real log lines), without the secret
        assertThat(appender.list).extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                .anySatisfy(m -> assertThat(m).startsWith("retrying GET /nodes"))
                .allSatisfy(m -> assertThat(m).doesNotContain(secret));
    }

    @Test
    void rejectsBadConfigurationNamingTheProperty() {
        assertThatThrownBy(() -> new PveClient(ProxmoxProperties.of("pve1:8006", "a@pve!b", "s")))
                .hasMessageStartingWith("ballast.proxmox.url:");
        assertThatThrownBy(() -> new PveClient(ProxmoxProperties.of("https://pve1:8006", "root", "s")))
                .hasMessageStartingWith("ballast.proxmox.token-id:");
        assertThatThrownBy(() -> new PveClient(ProxmoxProperties.of("https://pve1:8006", "a@pve!b", " ")))
                .hasMessageStartingWith("ballast.proxmox.secret:");
        assertThatThrownBy(() -> new PveClient(ProxmoxProperties.of("https://pve1:8006", "a@pve!b", "s")
                .withTls(null, "12:34"))).hasMessageStartingWith("ballast.proxmox.fingerprint:");
    }

    // ---- TLS -------------------------------------------------------------------------------------------------

    @Test
    void tlsWithPinnedFingerprintConnectsAndWrongPinIsRefused() throws Exception {
        KeyStore ks = certificate("localhost");
        Certificate cert = ks.getCertificate("pve");
        try (FakePve pve = FakePve.https(serverContext(ks))) {
            pve.addNode("pve1", 8, 16 * FakePve.GIB);
            ProxmoxProperties pinned = pve.props().withTls(null, PveTls.fingerprintOf(cert));

            assertThat(client(pinned).get("/nodes").get(0).path("node").asString()).isEqualTo("pve1");

            String wrong = "AA:" + PveTls.fingerprintOf(cert).substring(3);
            ProxmoxProperties bad = pve.props().withTls(null, wrong.equals(PveTls.fingerprintOf(cert))
                    ? "BB" + wrong.substring(2) : wrong).withTiming(Duration.ofSeconds(2), 0, Duration.ofMillis(1),
                    Duration.ofMillis(1));
            assertThatThrownBy(() -> client(bad).get("/nodes")).isInstanceOf(PveException.class)
                    .hasMessageContaining("SSLHandshakeException")
                    // the operator sees what was presented, to check it and pin it
                    .hasMessageContaining("server certificate SHA-256 " + PveTls.fingerprintOf(cert))
                    .hasMessageContaining("matches none of the 1 fingerprint(s) in ballast.proxmox.fingerprint");
        }
    }

    @Test
    void severalPinsCoverEveryCertificateAServerMayPresent() throws Exception {
        // e.g. pve-ssl.pem and pveproxy-ssl.pem, or today's certificate and its renewal
        KeyStore old = certificate("localhost");
        KeyStore renewed = certificate("renewed");
        String oldPin = PveTls.fingerprintOf(old.getCertificate("pve"));
        String newPin = PveTls.fingerprintOf(renewed.getCertificate("pve"));
        try (FakePve pve = FakePve.https(serverContext(renewed))) {
            pve.addNode("pve1", 8, 16 * FakePve.GIB);
            ProxmoxProperties p = pve.props().withTiming(Duration.ofSeconds(2), 0, Duration.ofMillis(1),
                    Duration.ofMillis(1));
            ProxmoxProperties both = new ProxmoxProperties(p.url(), p.tokenId(), p.secret(), null,
                    List.of(oldPin, newPin), null, p.readTimeout(), 0, p.retryBackoff(), p.taskPoll(), null, null,
                    null, null, null, null, null, null, false, null, null);

            assertThat(client(both).get("/nodes").size()).isEqualTo(1);
            assertThatThrownBy(() -> client(p.withTls(null, oldPin)).get("/nodes"))
                    .hasMessageContaining("server certificate SHA-256 " + newPin);
        }
    }

    @Test
    void caFileAndPinsTogetherAcceptWhatEitherTrusts(@TempDir Path dir) throws Exception {
        KeyStore other = certificate("localhost");
        // a certificate for another name: the CA check refuses it for this URL, a pin does not look at names
        KeyStore served = certificate("pve9");
        Path pem = pem(dir, served);
        try (FakePve pve = FakePve.https(serverContext(served))) {
            pve.addNode("pve1", 8, 16 * FakePve.GIB);
            ProxmoxProperties base = viaLocalhost(pve);
            String servedPin = PveTls.fingerprintOf(served.getCertificate("pve"));
            String otherPin = PveTls.fingerprintOf(other.getCertificate("pve"));

            assertThatThrownBy(() -> client(base.withTls(pem.toString(), otherPin)).get("/nodes"))
                    .hasMessageContaining("server certificate SHA-256 " + servedPin)
                    .hasMessageContaining("matches none of the 1 fingerprint(s) in ballast.proxmox.fingerprint and "
                            + "is not trusted by ballast.proxmox.ca-file");
            assertThat(client(base.withTls(pem.toString(), otherPin + "," + servedPin)).get("/nodes").size())
                    .isEqualTo(1);
        }
    }

    @Test
    void tlsWithCaFileTrustsItAndDefaultTrustStoreRefusesSelfSigned(@TempDir Path dir) throws Exception {
        KeyStore ks = certificate("localhost");
        Path pem = pem(dir, ks);
        try (FakePve pve = FakePve.https(serverContext(ks))) {
            pve.addNode("pve1", 8, 16 * FakePve.GIB);
            ProxmoxProperties base = viaLocalhost(pve);

            assertThat(client(base.withTls(pem.toString(), null)).get("/nodes").size()).isEqualTo(1);
            assertThatThrownBy(() -> client(base).get("/nodes")).isInstanceOf(PveException.class)
                    .hasMessageContaining("SSLHandshakeException")
                    .hasMessageContaining("server certificate SHA-256 " + PveTls.fingerprintOf(ks.getCertificate("pve")))
                    .hasMessageContaining("is not trusted by the default trust store");
        }
    }

    /** Settings for the fake by the name its test certificates carry, without retries. */
    private static ProxmoxProperties viaLocalhost(FakePve pve) {
        return ProxmoxProperties.of(pve.url().replace("127.0.0.1", "localhost"), FakePve.TOKEN_ID, pve.secret())
                .withTiming(Duration.ofSeconds(2), 0, Duration.ofMillis(1), Duration.ofMillis(1));
    }

    /** The keystore's certificate as a PEM file, as an operator copies a CA to the Ballast host. */
    private static Path pem(Path dir, KeyStore ks) throws Exception {
        Path pem = dir.resolve("ca.pem");
        Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder().encodeToString(ks.getCertificate("pve").getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        return pem;
    }

    private static final java.util.Map<String, KeyStore> CERTIFICATES = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Self-signed certificates, made once per test run (keytool is slow): "localhost" and "renewed" for localhost and
     * 127.0.0.1, "pve9" for pve9.example.org only.
     */
    static KeyStore certificate(String name) throws Exception {
        KeyStore ks = CERTIFICATES.get(name);
        if (ks == null) {
            Path dir = Files.createTempDirectory("ballast-cert-");
            ks = selfSigned(dir, name.equals("pve9") ? "dns:pve9.example.org" : "dns:localhost,ip:127.0.0.1");
            Files.delete(dir.resolve("pve.p12"));
            Files.delete(dir);
            CERTIFICATES.put(name, ks);
        }
        return ks;
    }

    /** A self-signed certificate made by the JDK's keytool (no test dependency needed). */
    static KeyStore selfSigned(Path dir, String san) throws Exception {
        Path store = dir.resolve("pve.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "pve", "-keyalg", "EC", "-groupname",
                "secp256r1", "-dname", "CN=pve", "-ext", "san=" + san, "-validity", "2",
                "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit")
                .redirectErrorStream(true).start();
        String output = FakePve.readAll(p.getInputStream());
        assertThat(p.waitFor()).as(output).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        return ks;
    }

    static SSLContext serverContext(KeyStore ks) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }
}
