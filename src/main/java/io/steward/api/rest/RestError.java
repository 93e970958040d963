package io.steward.api.rest;

/**
 * A request the REST layer refuses before calling the control plane (bad JSON, wrong types, bad schedule): nothing
 * has changed. Carries the HTTP status and whether the body is JSON ({"error": ...}) or Patroni's plain text.
 */
public final class RestError extends RuntimeException {

    private final int status;
    private final boolean json;

    public RestError(int status, String message, boolean json) {
        super(message);
        this.status = status;
        this.json = json;
    }

    static RestError badRequest(String message) {
        return new RestError(400, message, false);
    }

    static RestError badJson(String message) {
        return new RestError(400, message, true);
    }

    public int status() {
        return status;
    }

    public boolean json() {
        return json;
    }
}
