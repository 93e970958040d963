package io.steward.bench;

/** Sleeps between benchmark steps (never used as an assertion); restores the interrupt flag. */
final class Pause {

    private Pause() {
    }

    static void millis(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("benchmark interrupted", e);
        }
    }

    /** Sleeps until {@code System.nanoTime()} reaches {@code deadlineNanos}. */
    static void until(long deadlineNanos) {
        long left = deadlineNanos - System.nanoTime();
        if (left > 0) {
            millis(Math.max(1, left / 1_000_000));
        }
    }
}
