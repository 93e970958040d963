package io.steward.bench;

import java.util.Arrays;
import java.util.Locale;

/** Durations in nanoseconds (may be negative, e.g. lease expiry error) with nearest-rank percentiles. */
final class Samples {

    private long[] values = new long[64];
    private int count;

    synchronized void add(long nanos) {
        if (count == values.length) {
            values = Arrays.copyOf(values, count * 2);
        }
        values[count++] = nanos;
    }

    synchronized void addAll(Samples other) {
        long[] theirs = other.sorted();
        for (long v : theirs) {
            add(v);
        }
    }

    synchronized int count() {
        return count;
    }

    private synchronized long[] sorted() {
        long[] copy = Arrays.copyOf(values, count);
        Arrays.sort(copy);
        return copy;
    }

    /** Nearest-rank percentile, {@code p} in (0, 100]. */
    long percentile(double p) {
        long[] s = sorted();
        if (s.length == 0) {
            throw new IllegalStateException("no samples");
        }
        int rank = (int) Math.ceil(p / 100.0 * s.length);
        return s[Math.max(0, Math.min(s.length - 1, rank - 1))];
    }

    long min() {
        return percentile(Double.MIN_VALUE);
    }

    long max() {
        return percentile(100);
    }

    /** {@code p50 / p99 / max} in milliseconds. */
    String p50p99Max() {
        return ms(percentile(50)) + " / " + ms(percentile(99)) + " / " + ms(max()) + " ms";
    }

    /** Every sample in insertion order, in seconds with two decimals. */
    synchronized String eachInSeconds() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < count; i++) {
            b.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", values[i] / 1e9));
        }
        return b.toString();
    }

    static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.2f", nanos / 1e6);
    }

    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }
}
