package io.steward.loop;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * This node's own view of its leader lease, on its own monotonic clock (spec/dcs-leases.md): a renewal sent at
 * {@code s} that committed lets the node act as leader until {@code s + ttl - margin}. Nothing else extends it.
 */
public final class LeaseKeeper {

    private final LongSupplier nanoClock;
    private volatile long deadlineNanos;
    private volatile boolean held;

    public LeaseKeeper(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    public LeaseKeeper() {
        this(System::nanoTime);
    }

    /** Take the monotonic time just before sending a renewal or acquisition. */
    public long beforeSend() {
        return nanoClock.getAsLong();
    }

    /** The renewal/acquisition sent at {@code sentNanos} committed. */
    public void confirmed(long sentNanos, Duration ttl) {
        long margin = margin(ttl);
        deadlineNanos = sentNanos + ttl.toNanos() - margin;
        held = true;
    }

    /** The lease was released, lost, or found held by someone else. */
    public void lost() {
        held = false;
    }

    /** True while this node holds the lease and its own deadline has not passed. */
    public boolean valid() {
        return held && nanoClock.getAsLong() - deadlineNanos < 0;
    }

    /** True when this node believed it held the lease but the deadline passed without a confirmed renewal. */
    public boolean expired() {
        return held && nanoClock.getAsLong() - deadlineNanos >= 0;
    }

    public boolean held() {
        return held;
    }

    /** Nanoseconds until this node's deadline (negative once passed); only meaningful while {@link #held()}. */
    public long nanosToDeadline() {
        return deadlineNanos - nanoClock.getAsLong();
    }

    /** Clock-rate drift and scheduling allowance: 5% of ttl plus half a second. */
    static long margin(Duration ttl) {
        return ttl.toNanos() / 20 + Duration.ofMillis(500).toNanos();
    }
}
