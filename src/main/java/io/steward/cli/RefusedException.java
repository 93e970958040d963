package io.steward.cli;

/** The cluster answered and refused the request (or it failed there): exit code 1, the server's one-line message. */
final class RefusedException extends RuntimeException {

    RefusedException(String message) {
        super(message);
    }
}
