package io.steward.model;

/** The state of the PostgreSQL server on a node, in the reference implementation's words. */
public enum PgState {
    RUNNING("running"),
    STARTING("starting"),
    STOPPING("stopping"),
    STOPPED("stopped"),
    /** the postmaster died without being asked to */
    CRASHED("crashed"),
    /** a postmaster process is alive but does not answer queries */
    NOT_RESPONDING("not responding"),
    START_FAILED("start failed"),
    RESTARTING("restarting"),
    /** the data directory is empty or missing */
    UNINITIALIZED("uninitialized"),
    BOOTSTRAPPING("initializing new cluster"),
    CREATING_REPLICA("creating replica"),
    REWINDING("rewinding"),
    UNKNOWN("unknown");

    private final String wire;

    PgState(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static PgState fromWire(String s) {
        for (PgState st : values()) {
            if (st.wire.equals(s)) {
                return st;
            }
        }
        return UNKNOWN;
    }
}
