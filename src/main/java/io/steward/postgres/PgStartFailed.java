package io.steward.postgres;

/** PostgreSQL was started but exited or could not be brought up. */
public final class PgStartFailed extends PgException {
    public PgStartFailed(String message, String logTail) {
        super(message, logTail, null);
    }
}
