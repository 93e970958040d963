package io.steward.postgres;

/**
 * Base of every failure reported by the postgres package. The message says what was being done and why it failed;
 * {@link #logTail()} carries the end of the PostgreSQL log when it explains the failure.
 */
public abstract class PgException extends RuntimeException {
    private final String logTail;

    protected PgException(String message, String logTail, Throwable cause) {
        super(logTail == null || logTail.isBlank() ? message : message + "\n--- PostgreSQL log tail ---\n" + logTail,
                cause);
        this.logTail = logTail == null ? "" : logTail;
    }

    protected PgException(String message) {
        this(message, null, null);
    }

    /** The last lines of the PostgreSQL log (or command output) that explain the failure; empty if none. */
    public String logTail() {
        return logTail;
    }
}
