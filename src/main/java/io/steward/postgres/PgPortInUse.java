package io.steward.postgres;

/** The address PostgreSQL must listen on is already taken by another process. */
public final class PgPortInUse extends PgException {
    private final int port;

    public PgPortInUse(String host, int port, String detail, String logTail) {
        super("cannot start PostgreSQL: " + host + ":" + port + " is already in use" + (detail == null ? "" : " (" + detail + ")"),
                logTail, null);
        this.port = port;
    }

    public int port() {
        return port;
    }
}
