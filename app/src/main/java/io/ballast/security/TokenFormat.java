package io.ballast.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code blst_<id>_<secret>}: the id (12 lowercase hex digits) finds the row, the secret (32 random bytes,
 * base64url) proves it. Only the SHA-256 of the secret is stored: 256 random bits need no salt or slow hash.
 */
public final class TokenFormat {

    public static final String PREFIX = "blst_";
    private static final Pattern ID = Pattern.compile("[0-9a-f]{12}");
    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The two parts of a token as presented. */
    public record Parsed(String id, String secret) {
        @Override
        public String toString() {
            return "Parsed[id=" + id + "]";   // never the secret, e.g. in a log line
        }
    }

    private TokenFormat() {
    }

    public static String newId() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    public static String newSecret() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public static String format(String id, String secret) {
        return PREFIX + id + "_" + secret;
    }

    public static Optional<Parsed> parse(String token) {
        if (token == null || !token.startsWith(PREFIX) || token.length() != PREFIX.length() + 12 + 1 + 43) {
            return Optional.empty();
        }
        String id = token.substring(PREFIX.length(), PREFIX.length() + 12);
        String secret = token.substring(PREFIX.length() + 13);
        if (token.charAt(PREFIX.length() + 12) != '_' || !ID.matcher(id).matches() || !SECRET.matcher(secret).matches()) {
            return Optional.empty();
        }
        return Optional.of(new Parsed(id, secret));
    }

    public static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    /** Constant time in the content: a timing difference must not tell how much of a guess was right. */
    public static boolean matches(String secret, String storedHash) {
        return MessageDigest.isEqual(hash(secret).getBytes(StandardCharsets.US_ASCII),
                storedHash.getBytes(StandardCharsets.US_ASCII));
    }
}
