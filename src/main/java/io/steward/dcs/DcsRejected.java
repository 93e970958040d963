package io.steward.dcs;

/** A request the DCS refuses before writing anything: bad key syntax, oversized value, malformed document. */
public class DcsRejected extends RuntimeException {

    public DcsRejected(String message) {
        super(message);
    }
}
