package io.steward.postgres;

/** pg_rewind is impossible or failed, and the data directory was not re-cloned. */
public final class PgRewindFailed extends PgException {
    public PgRewindFailed(String message, String output) {
        super(message, output, null);
    }
}
