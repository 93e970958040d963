package io.steward.cli;

/** The command line is wrong or the cluster cannot be reached: exit code 2. */
final class UsageException extends RuntimeException {

    UsageException(String message) {
        super(message);
    }
}
