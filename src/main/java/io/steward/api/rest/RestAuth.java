package io.steward.api.rest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Checks the {@code Authorization} header of mutating calls against the configured basic credentials and/or bearer
 * token. Either configured scheme is accepted. Comparisons are constant-time over SHA-256 digests, so neither the
 * content nor the length of a secret leaks through timing.
 */
public final class RestAuth {

    static final String REALM = "Steward";

    private final byte[] basicDigest;
    private final byte[] tokenDigest;

    public RestAuth(RestSettings settings) {
        this.basicDigest = settings.username() == null ? null
                : digest(settings.username() + ":" + settings.password());
        this.tokenDigest = settings.token() == null ? null : digest(settings.token());
    }

    public boolean required() {
        return basicDigest != null || tokenDigest != null;
    }

    /** True when no authentication is configured or the header carries valid credentials for a configured scheme. */
    public boolean permits(String authorizationHeader) {
        if (!required()) {
            return true;
        }
        if (authorizationHeader == null) {
            return false;
        }
        String header = authorizationHeader.trim();
        if (basicDigest != null && startsWithIgnoreCase(header, "Basic ")) {
            return MessageDigest.isEqual(basicDigest, digest(decodeBasic(header.substring(6).trim())));
        }
        if (tokenDigest != null && startsWithIgnoreCase(header, "Bearer ")) {
            return MessageDigest.isEqual(tokenDigest, digest(header.substring(7).trim()));
        }
        return false;
    }

    /** The {@code WWW-Authenticate} challenges for the configured schemes. */
    public List<String> challenges() {
        List<String> out = new ArrayList<>(2);
        if (basicDigest != null) {
            out.add("Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
        }
        if (tokenDigest != null) {
            out.add("Bearer realm=\"" + REALM + "\"");
        }
        return out;
    }

    private static String decodeBasic(String encoded) {
        try {
            return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static boolean startsWithIgnoreCase(String s, String prefix) {
        return s.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    private static byte[] digest(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }
}
