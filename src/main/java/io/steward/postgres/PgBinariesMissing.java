package io.steward.postgres;

/** The PostgreSQL binaries could not be found, or some of the required ones are missing. */
public final class PgBinariesMissing extends PgException {
    public PgBinariesMissing(String message) {
        super(message);
    }
}
