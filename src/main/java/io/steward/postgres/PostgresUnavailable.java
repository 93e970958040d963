package io.steward.postgres;

/** PostgreSQL could not be reached over SQL (stopped, starting, or not answering within the probe timeout). */
public final class PostgresUnavailable extends PgException {
    public PostgresUnavailable(String message, Throwable cause) {
        super(message, null, cause);
    }
}
