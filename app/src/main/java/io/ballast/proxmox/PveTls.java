package io.ballast.proxmox;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS trust for the Proxmox VE API: the JVM's default trust store, a CA file, or a pinned SHA-256
 * certificate fingerprint (Proxmox nodes ship self-signed certificates). There is no "trust all".
 */
final class PveTls {

    private PveTls() {
    }

    static SSLContext context(ProxmoxProperties p) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            if (p.fingerprint() != null) {
                ctx.init(null, new TrustManager[] {new PinnedTrustManager(pins(p.fingerprint()))}, null);
            } else if (p.caFile() != null) {
                ctx.init(null, caTrust(Path.of(p.caFile())), null);
            } else {
                return SSLContext.getDefault();
            }
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS for the Proxmox API: " + e.getMessage(), e);
        }
    }

    /** Comma-separated fingerprints (one per node certificate). */
    static List<byte[]> pins(String fps) {
        List<byte[]> out = new ArrayList<>();
        for (String fp : fps.split(",")) {
            out.add(parseFingerprint(fp));
        }
        return out;
    }

    /** "AB:CD:.." or "abcd.." (64 hex digits) → 32 bytes. */
    static byte[] parseFingerprint(String fp) {
        String hex = fp.replace(":", "").trim().toLowerCase(Locale.ROOT);
        if (!hex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("ballast.proxmox.fingerprint: must be a SHA-256 fingerprint (64 hex "
                    + "digits, colons allowed), got '" + fp + "'");
        }
        return HexFormat.of().parseHex(hex);
    }

    static String fingerprintOf(Certificate cert) throws CertificateException {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(d);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new CertificateException(e);
        }
    }

    private static TrustManager[] caTrust(Path file) throws GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("ca" + i++, c);
            }
            if (i == 0) {
                throw new IllegalArgumentException("ballast.proxmox.ca-file: no certificate in " + file);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("ballast.proxmox.ca-file: cannot read " + file + ": " + e.getMessage(), e);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        return tmf.getTrustManagers();
    }

    /**
     * Accepts exactly the server certificates whose SHA-256 matches one of the pins. Being an extended trust manager,
     * it also replaces host name checks: the pin identifies the server more strictly than a name.
     */
    static final class PinnedTrustManager extends X509ExtendedTrustManager {
        private final List<byte[]> pins;

        PinnedTrustManager(List<byte[]> pins) {
            this.pins = List.copyOf(pins);
        }

        private void check(X509Certificate[] chain) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new CertificateException("no server certificate");
            }
            String seen = fingerprintOf(chain[0]);
            byte[] actual = parseFingerprint(seen);
            if (pins.stream().noneMatch(pin -> MessageDigest.isEqual(actual, pin))) {
                throw new CertificateException("server certificate fingerprint " + seen
                        + " does not match ballast.proxmox.fingerprint");
            }
            chain[0].checkValidity();
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            check(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("client certificates are not used");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("client certificates are not used");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("client certificates are not used");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
