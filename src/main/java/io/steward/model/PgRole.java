package io.steward.model;

/** The role PostgreSQL plays on a node, as probed (not as desired). */
public enum PgRole {
    PRIMARY("primary"),
    REPLICA("replica"),
    UNKNOWN("unknown");

    private final String wire;

    PgRole(String wire) {
        this.wire = wire;
    }

    /** The spelling used in member keys and the REST API (Patroni's). */
    public String wire() {
        return wire;
    }

    public static PgRole fromWire(String s) {
        if (s == null) {
            return UNKNOWN;
        }
        for (PgRole r : values()) {
            if (r.wire.equals(s)) {
                return r;
            }
        }
        return "master".equals(s) || "leader".equals(s) ? PRIMARY : UNKNOWN;
    }
}
