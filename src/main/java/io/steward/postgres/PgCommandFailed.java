package io.steward.postgres;

/** A PostgreSQL utility (initdb, pg_basebackup, a replica creation method, ...) exited with an error or timed out. */
public final class PgCommandFailed extends PgException {
    private final int exitCode;

    public PgCommandFailed(String message, int exitCode, String output) {
        super(message, output, null);
        this.exitCode = exitCode;
    }

    /** The exit code, or -1 when the command timed out or could not be launched. */
    public int exitCode() {
        return exitCode;
    }
}
