package io.steward.config;

/**
 * The configuration cannot be used. {@link #getMessage()} is the one line shown to the operator, always starting
 * with {@code invalid configuration: } and naming the key and the rule it breaks.
 */
public final class InvalidConfigException extends RuntimeException {

    public static final String PREFIX = "invalid configuration: ";

    private final String key;

    public InvalidConfigException(String key, String detail) {
        super(PREFIX + detail);
        this.key = key;
    }

    public InvalidConfigException(String key, String detail, Throwable cause) {
        super(PREFIX + detail, cause);
        this.key = key;
    }

    /** The offending key as a dotted path ({@code bootstrap.dcs.ttl}), or the file name for parse errors. */
    public String key() {
        return key;
    }
}
