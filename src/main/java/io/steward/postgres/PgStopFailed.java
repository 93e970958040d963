package io.steward.postgres;

/** PostgreSQL did not stop, even after escalating to an immediate shutdown and SIGKILL. */
public final class PgStopFailed extends PgException {
    public PgStopFailed(String message, String logTail) {
        super(message, logTail, null);
    }
}
