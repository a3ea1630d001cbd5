package io.ballast.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/** Proxmox-style config digests and the optimistic check every update does with them. */
public final class Digests {

    private Digests() {
    }

    /** SHA-1 over the configuration keys in their fixed order. */
    public static String sha1(Map<String, ?> config) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(sha1.digest(config.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Refuses the update (409 stale-digest) when the client sent a digest, in the body or as If-Match, that is not
     * the one of the stored configuration. No digest means "overwrite", as in Proxmox.
     */
    public static void requireCurrent(Object bodyDigest, String ifMatch, String current, String what) {
        Object digest = bodyDigest;
        if (digest == null && ifMatch != null) {
            digest = ifMatch.replace("\"", "");
        }
        if (digest != null && !digest.equals(current)) {
            throw ApiException.conflict("/problems/stale-digest",
                    what + " was changed by someone else (digest mismatch); reload and retry", "digest");
        }
    }
}
