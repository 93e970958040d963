package io.steward.loop;

import java.time.Duration;
import java.time.Instant;

/**
 * Spacing between pg_rewind attempts that keep failing. A failed rewind is retried (the cause may pass: the leader
 * was briefly unreachable, its checkpoint had not run yet), but after 1, 2, 4 ... times the first delay, up to a cap,
 * so a member whose rewind cannot succeed does not run pg_rewind against the primary every loop. A success, or a
 * fresh copy of the data directory, starts over.
 */
final class RewindBackoff {

    static final Duration FIRST_DELAY = Duration.ofSeconds(30);
    static final Duration MAX_DELAY = Duration.ofMinutes(30);

    private int failures;
    private Instant retryAt;

    synchronized void failed(Instant now) {
        failures++;
        retryAt = now.plus(delayAfter(failures));
    }

    synchronized void reset() {
        failures = 0;
        retryAt = null;
    }

    synchronized int failures() {
        return failures;
    }

    /** The earliest time to try again, or null when the last attempt did not fail. */
    synchronized Instant retryAt() {
        return retryAt;
    }

    /** The wait after the n-th failure in a row (n >= 1): FIRST_DELAY doubled n-1 times, at most MAX_DELAY. */
    static Duration delayAfter(int failures) {
        int doublings = Math.min(Math.max(0, failures - 1), 16);
        Duration d = FIRST_DELAY.multipliedBy(1L << doublings);
        return d.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : d;
    }
}
