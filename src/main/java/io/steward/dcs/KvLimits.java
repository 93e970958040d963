package io.steward.dcs;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Pattern;

/** The syntax a {@link KvStore} accepts; checked before anything is written. */
public final class KvLimits {

    public static final int MAX_KEY_LENGTH = 512;
    public static final int MAX_VALUE_BYTES = 1024 * 1024;
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9/_.\\-:@]+");

    private KvLimits() {
    }

    public static void checkKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new DcsRejected("DCS key must not be empty");
        }
        if (key.length() > MAX_KEY_LENGTH) {
            throw new DcsRejected("DCS key is " + key.length() + " characters long, the limit is " + MAX_KEY_LENGTH);
        }
        if (!KEY.matcher(key).matches()) {
            throw new DcsRejected("DCS key '" + printable(key) + "' has characters outside [A-Za-z0-9/_.-:@]");
        }
    }

    /** Prefixes may be empty (everything); otherwise they follow the key syntax. */
    public static void checkPrefix(String prefix) {
        if (prefix != null && !prefix.isEmpty()) {
            checkKey(prefix);
        }
    }

    public static void checkValue(String key, String value) {
        if (value == null) {
            throw new DcsRejected("DCS value for '" + key + "' must not be null");
        }
        int bytes = value.length() > MAX_VALUE_BYTES / 3 ? value.getBytes(StandardCharsets.UTF_8).length : 0;
        if (bytes > MAX_VALUE_BYTES) {
            throw new DcsRejected("DCS value for '" + key + "' is " + bytes + " bytes, the limit is " + MAX_VALUE_BYTES);
        }
    }

    public static void checkTtl(String key, Duration ttl) {
        if (ttl != null && (ttl.isNegative() || ttl.isZero() || ttl.toMillis() < 1)) {
            throw new DcsRejected("DCS lease ttl for '" + key + "' must be at least 1 ms, was " + ttl);
        }
    }

    /** Validates a whole put; {@link DcsRejected} with nothing written when it is outside the limits. */
    public static void checkPut(String key, String value, Precondition precondition, Duration ttl) {
        checkKey(key);
        checkValue(key, value);
        checkTtl(key, ttl);
        if (precondition == null) {
            throw new DcsRejected("DCS put of '" + key + "' needs a precondition (Precondition.none() for none)");
        }
    }

    public static void checkDelete(String key, Precondition precondition) {
        checkKey(key);
        if (precondition == null) {
            throw new DcsRejected("DCS delete of '" + key + "' needs a precondition (Precondition.none() for none)");
        }
    }

    private static String printable(String key) {
        String shown = key.length() > 80 ? key.substring(0, 80) + "..." : key;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
