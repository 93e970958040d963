package io.steward.dcs;

/** The DCS could not be reached with a quorum within the retry timeout. Typed so callers take a named, safe path. */
public class DcsUnavailable extends Exception {

    public DcsUnavailable(String message) {
        super(message);
    }

    public DcsUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
