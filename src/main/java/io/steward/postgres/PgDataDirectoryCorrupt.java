package io.steward.postgres;

/** The data directory looks like PostgreSQL (PG_VERSION present) but cannot be used: control file missing or unreadable, or a version mismatch. */
public final class PgDataDirectoryCorrupt extends PgException {
    public PgDataDirectoryCorrupt(String message, String detail) {
        super(message, detail, null);
    }
}
