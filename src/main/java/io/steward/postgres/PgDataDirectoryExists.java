package io.steward.postgres;

/** A clone or bootstrap was asked for, but the data directory already holds a PostgreSQL cluster; reinitialize to replace it. */
public final class PgDataDirectoryExists extends PgException {
    public PgDataDirectoryExists(String message) {
        super(message);
    }
}
