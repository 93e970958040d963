package io.steward.control;

/**
 * A refused or failed operator request. The kind maps onto a gRPC status code, an HTTP status and the CLI's exit
 * code; the message says what is wrong in one line. A refused request has changed nothing.
 */
public class ControlException extends RuntimeException {

    public enum Kind {
        INVALID_ARGUMENT, NOT_FOUND, FAILED_PRECONDITION, ALREADY_EXISTS, ABORTED, UNAVAILABLE, DEADLINE_EXCEEDED,
        UNAUTHENTICATED, PERMISSION_DENIED, INTERNAL
    }

    private final Kind kind;

    public ControlException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public ControlException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
