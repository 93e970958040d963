package io.steward.postgres;

/** PostgreSQL shutdown modes and the signal that requests each from the postmaster. */
public enum StopMode {
    /** wait for clients to disconnect */
    SMART("TERM"),
    /** disconnect clients, shutdown checkpoint */
    FAST("INT"),
    /** no checkpoint; crash recovery at next start */
    IMMEDIATE("QUIT");

    private final String signal;

    StopMode(String signal) {
        this.signal = signal;
    }

    String signal() {
        return signal;
    }
}
