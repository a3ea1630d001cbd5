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
 * TLS trust for the Proxmox VE API: pinned SHA-256 certificate fingerprints (Proxmox nodes ship self-signed
 * certificates, and pveproxy serves {@code pveproxy-ssl.pem} instead of {@code pve-ssl.pem} when it exists, so
 * several pins may be needed), a CA file, or the JVM's default trust store; pins and a CA file may be combined.
 * There is no "trust all". A refused certificate is named by its fingerprint, so the operator can check and pin it.
 */
final class PveTls {

    private PveTls() {
    }

    static SSLContext context(ProxmoxProperties p) {
        try {
            X509ExtendedTrustManager anchors = p.caFile() != null ? caTrust(Path.of(p.caFile()))
                    : p.fingerprint().isEmpty() ? caTrust(null) : null;
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new PveTrustManager(pins(p.fingerprint()), anchors,
                    p.caFile() != null)}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS for the Proxmox API: " + e.getMessage(), e);
        }
    }

    /** Fingerprints, one per entry or comma separated (each node's certificates, the next ones after a renewal). */
    static List<byte[]> pins(List<String> fps) {
        List<byte[]> out = new ArrayList<>();
        for (String entry : fps) {
            for (String fp : entry.split(",")) {
                if (!fp.isBlank()) {
                    out.add(parseFingerprint(fp));
                }
            }
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

    /** The CA file's certificates, or the JVM's default trust store when {@code file} is null. */
    private static X509ExtendedTrustManager caTrust(Path file) throws GeneralSecurityException {
        KeyStore ks = null;
        if (file != null) {
            ks = KeyStore.getInstance(KeyStore.getDefaultType());
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
                throw new IllegalArgumentException("ballast.proxmox.ca-file: cannot read " + file + ": "
                        + e.getMessage(), e);
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509ExtendedTrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager available");
    }

    /**
     * Accepts a server whose certificate has a pinned SHA-256, else what the CA file or default trust store accepts
     * (with the host name checked).
     * A pinned certificate needs no host name check: the pin identifies the server more strictly than a name.
     */
    static final class PveTrustManager extends X509ExtendedTrustManager {
        private final List<byte[]> pins;
        private final X509ExtendedTrustManager anchors;
        private final boolean caFile;

        PveTrustManager(List<byte[]> pins, X509ExtendedTrustManager anchors, boolean caFile) {
            this.pins = List.copyOf(pins);
            this.anchors = anchors;
            this.caFile = caFile;
        }

        private interface AnchorCheck {
            void run() throws CertificateException;
        }

        private void check(X509Certificate[] chain, AnchorCheck anchorCheck) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new CertificateException("no server certificate");
            }
            byte[] actual = parseFingerprint(fingerprintOf(chain[0]));
            if (pins.stream().anyMatch(pin -> MessageDigest.isEqual(actual, pin))) {
                chain[0].checkValidity();
                return;
            }
            String presented = "server certificate SHA-256 " + fingerprintOf(chain[0]) + " ("
                    + chain[0].getSubjectX500Principal().getName() + ", issued by "
                    + chain[0].getIssuerX500Principal().getName() + ")";
            String notPinned = pins.isEmpty() ? "" : " matches none of the " + pins.size()
                    + " fingerprint(s) in ballast.proxmox.fingerprint";
            if (anchors == null) {
                throw new CertificateException(presented + notPinned + "; if it is the node's certificate "
                        + "(pve-ssl.pem or pveproxy-ssl.pem), add it to ballast.proxmox.fingerprint");
            }
            try {
                anchorCheck.run();
            } catch (CertificateException e) {
                throw new CertificateException(presented + notPinned + (pins.isEmpty() ? "" : " and")
                        + " is not trusted by " + (caFile ? "ballast.proxmox.ca-file" : "the default trust store")
                        + ": " + e.getMessage() + "; if it is the node's certificate, pin it in "
                        + "ballast.proxmox.fingerprint", e);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain, () -> anchors.checkServerTrusted(chain, authType));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            check(chain, () -> anchors.checkServerTrusted(chain, authType, socket));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            check(chain, () -> anchors.checkServerTrusted(chain, authType, engine));
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
            return anchors == null ? new X509Certificate[0] : anchors.getAcceptedIssuers();
        }
    }
}
