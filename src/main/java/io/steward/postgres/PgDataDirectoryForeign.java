package io.steward.postgres;

/** The data directory is not empty and is not a PostgreSQL data directory; Steward never writes into or removes it. */
public final class PgDataDirectoryForeign extends PgException {
    public PgDataDirectoryForeign(String message) {
        super(message);
    }
}
